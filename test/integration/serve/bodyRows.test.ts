import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startServing } from '../../../server/backend/serve/server.js';
import { post, servedChurn } from './project.js';

// The /predict fast path reads the common body's rows from its bytes (bodyRows.ts) and parses
// any other; Fastify's route (a content type with a charset) always parses. Both must answer
// every body in the same bytes.
describe('a /predict body read without JSON.parse answers as the parsed body does', () => {
  const churn = servedChurn(60);

  it('the same status and bytes for bodies written every way JSON allows, and nearly valid ones', async () => {
    const { serving, rows } = churn;
    const space = fc.constantFrom('', '', '', ' ', '\n', '\t ', '\r\n  ');
    /** A number as a client may write it: as JSON.stringify does, padded, with an exponent, or out of range. */
    const numberText = (v: number) =>
      fc.oneof(
        { weight: 24, arbitrary: fc.constantFrom(String(v), Number.isInteger(v) ? `${v}.0` : `${v}0`, v.toExponential(), v === 0 ? '-0' : String(v)) },
        { weight: 1, arbitrary: fc.constantFrom('1e400', '12345678901234567890', '-0.0', '1.5E+1') },
      );
    /** A text as a client may write it: as JSON.stringify does, with an escape, or other words. */
    const textOf = (v: string) =>
      fc.oneof(
        { weight: 24, arbitrary: fc.constant(JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom(`"\\u00${v.charCodeAt(0).toString(16)}${JSON.stringify(v).slice(2)}`, '"nörth"', '"🙂"', '"\\"quoted\\""', 'true', 'null', '{"a":1}') },
      );
    const member = (k: string, v: unknown) =>
      fc
        .tuple(space, space, v === null ? fc.constantFrom('null', '0', '""') : typeof v === 'number' ? numberText(v) : textOf(String(v)), space)
        .map(([a, b, t, c]) => `${a}${JSON.stringify(k)}${b}:${c}${t}`);
    const row = fc
      .tuple(fc.constantFrom(...rows), fc.oneof({ weight: 16, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('dup', 'unknown', 'escapedKey', 'drop') }))
      .chain(([r, odd]) => {
        const entries = Object.entries(r);
        if (odd === 'dup') entries.push([entries[2][0], 7]);
        if (odd === 'unknown') entries.push(['colour', 'red']);
        if (odd === 'drop') entries.splice(3, 1);
        return fc.tuple(...entries.map(([k, v]) => member(k, v))).map((ms) => {
          const text = `{${ms.join(',')}}`;
          return odd === 'escapedKey' ? text.replace('"plan"', '"\\u0070lan"') : text;
        });
      });
    const body = fc
      .tuple(space, fc.array(row, { minLength: 1, maxLength: 3 }), space, fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' x', ',"extra":1', '\ufeff') }))
      .map(([s, rs, t, tail]) => (tail === '\ufeff' ? `\ufeff{"rows":[${rs.join(',')}]}` : `{"rows":${s}[${rs.join(`,${t}`)}]${tail === ',"extra":1' ? tail : ''}}${tail === ' x' ? tail : ''}`));
    const idsOut = (t: string) => t.replace(/"ids":\[[^\]]*\]/, '"ids":[]');
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const fast = await post(`${serving.url}/predict`, b);
        const slow = await post(`${serving.url}/predict`, b, 'application/json; charset=utf-8');
        assert.equal(fast.status, slow.status, b);
        assert.equal(idsOut(fast.text), idsOut(slow.text), b);
        if (fast.status === 200) ok++;
      }),
      { numRuns: 300 },
    );
    assert.ok(ok > 30, `${ok} of 300 bodies scored`);
  });

  it('refuses a one-row body over the row limit on the fast path too (read into slots, not rows)', async () => {
    const { project, rows } = churn;
    const strict = await startServing(project.file, { port: 0, maxRows: 0 });
    try {
      const b = JSON.stringify({ rows: [rows[0]] });
      const fast = await post(`${strict.url}/predict`, b);
      const slow = await post(`${strict.url}/predict`, b, 'application/json; charset=utf-8');
      assert.equal(fast.status, 400, fast.text);
      assert.equal(fast.text, slow.text);
    } finally {
      await strict.close();
    }
  });
});
