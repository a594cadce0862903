import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BodyRowsReader, SlotKeys } from '../../../server/backend/serve/bodyRows.js';
import { RowSlots } from '../../../server/mlpipe/features/row.js';
import { isPlainPredictRequest, utf8Body } from '../../../server/backend/serve/server.js';

// JSON's whitespace, and a sprinkle of what JSON.parse refuses between tokens.
const space = fc.oneof({ weight: 60, arbitrary: fc.constant('') }, { weight: 30, arbitrary: fc.stringMatching(/^[ \t\r\n]{1,3}$/) }, { weight: 1, arbitrary: fc.constantFrom('\f', '\v', '\u00a0', ' x ') });
const key = fc.oneof(
  fc.constantFrom('customer_id', 'plan', 'tenure_days', 'monthly_charges', '__proto__', 'constructor', 'toString', '0', '1', '10', '4294967295', '-1', 'é', 'ключ', '🙂', ''),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
// A string as JSON writes it, or with an escape JSON.stringify would not write, or broken.
const jsonString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.constantFrom('"\\u0041"', '"a\\/b"', '"\\ud83d\\ude42"', '"tab\there"', '"nl\nhere"', '"\\x41"', '"open', '"\\"', '"\u2028"') },
);
const number = fc.oneof(
  { weight: 4, arbitrary: fc.double().map((d) => JSON.stringify(d)) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.nat({ max: 99999 }), fc.integer({ min: 0, max: 6 })).map(([i, f, z]) => `${i}.${'0'.repeat(z)}${f}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '-0', '-0.0', '0.0', '1e400', '-1e400', '1e-400', '1E5', '2e+3', '2e-3', '12345678901234567890', '123456789012345678901234567890.5', '9007199254740993',
      '0.1', '0.30000000000000004', '1.7976931348623157e308', '5e-324', '999999999999999.9', '0.000000000000000000000001', '1234567890.12345',
      '01', '1.', '.5', '+1', '-', '1e', '1e+', '0x10', 'NaN', 'Infinity', '-Infinity', '1_000',
    ),
  },
);
const literal = fc.constantFrom('true', 'false', 'null', 'tru', 'nul', 'falsey', 'True', 'undefined');
const nested = fc.constantFrom('{}', '[]', '[1]', '{"a":1}');
const value = fc.oneof({ weight: 4, arbitrary: jsonString }, { weight: 4, arbitrary: number }, { weight: 2, arbitrary: literal }, { weight: 1, arbitrary: nested });
const member = fc.tuple(space, key, space, space, value, space).map(([a, k, b, c, v, d]) => `${a}${JSON.stringify(k)}${b}:${c}${v}${d}`);
const row = fc.oneof({ weight: 8, arbitrary: fc.array(member, { maxLength: 7 }).map((ms) => `{${ms.join(',')}}`) }, { weight: 1, arbitrary: fc.constantFrom('null', '[]', '1', '"row"', '{', '{"a":1,}') });
/** Nothing, mostly; now and then one of `odd`. */
const rarely = (...odd: string[]) => fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const body = fc
  .tuple(space, space, fc.array(fc.tuple(space, row, space), { maxLength: 4 }), space, rarely(',"rows":[]', ',"extra":1', '"x"', ' ,'), space, rarely('x', ' }', '\ufeff', '\u0000'))
  .map(([a, b, rows, c, more, d, tail]) => `${a}{${b}"rows"${c}:[${rows.map(([s, r, t]) => `${s}${r}${t}`).join(',')}]${more}}${d}${tail}`);
const withBom = fc.oneof({ weight: 9, arbitrary: body }, { weight: 1, arbitrary: body.map((t) => `\ufeff${t}`) });

describe('BodyRowsReader', () => {
  const reader = new BodyRowsReader();
  /** What the server reads a body as before any parse, or null where it refuses the bytes. */
  const textOf = (bytes: Buffer): string | null => (isUtf8(bytes) ? utf8Body(bytes) : null);

  it("reads a body's rows as JSON.parse and the plain-request check read them (values, -0, key order, prototypes), or declines", () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(withBom, (t) => {
        runs++;
        const bytes = Buffer.from(t, 'utf8');
        const text = textOf(bytes);
        if (text === null) return;
        const rows = reader.read(bytes, text);
        if (rows === null) return;
        read++;
        const parsed: unknown = JSON.parse(text);
        assert.ok(isPlainPredictRequest(parsed), `read a body the plain check refuses: ${t}`);
        // Strict deep equality compares with Object.is (-0 is not 0) and compares prototypes.
        assert.deepStrictEqual(rows, parsed.rows, t);
        assert.deepEqual(
          rows.map((r) => Object.keys(r)),
          parsed.rows.map((r) => Object.keys(r)),
          `key order: ${t}`,
        );
      }),
      { numRuns: 5000 },
    );
    // The generator must reach both sides: bodies read, and bodies declined.
    assert.ok(read > runs / 20 && read < runs, `${read} of ${runs} bodies read`);
  });

  it("reads a one-row body's values into slots by its keys as JSON.parse reads them, or declines", () => {
    // The generator's common keys, and keys only JSON's escapes can write (never matched).
    const names = ['customer_id', 'plan', 'tenure_days', 'monthly_charges', 'constructor', 'toString', '0', '10', 'é', '🙂', '', '__proto__', 'a"b', 'tab\t'];
    const keys = new SlotKeys(names);
    const slots = new RowSlots(names.length + 2);
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(withBom, (t) => {
        runs++;
        const bytes = Buffer.from(t, 'utf8');
        const text = textOf(bytes);
        if (text === null || !reader.readSlots(bytes, text, keys, slots)) return;
        read++;
        const parsed: unknown = JSON.parse(text);
        assert.ok(isPlainPredictRequest(parsed) && parsed.rows.length === 1, `read a body the plain check refuses, or of more rows: ${t}`);
        const row = parsed.rows[0];
        for (const k of Object.keys(row)) assert.ok(names.includes(k), `read a body with the key ${JSON.stringify(k)}, not one of the keys: ${t}`);
        names.forEach((k, j) => {
          const want = Object.hasOwn(row, k) ? row[k] : undefined;
          assert.ok(Object.is(slots.value(j), want), `${JSON.stringify(k)}: ${String(slots.value(j))}, JSON.parse ${String(want)}: ${t}`);
        });
      }),
      { numRuns: 5000 },
    );
    assert.ok(read > runs / 50 && read < runs, `${read} of ${runs} bodies read`);
    // A key twice, more rows, an unknown key, keys in a new order, then the first body again.
    const cases: Array<[string, boolean]> = [
      ['{"rows":[{"plan":"a","tenure_days":1}]}', true],
      ['{"rows":[{"plan":"a","plan":"b"}]}', false],
      ['{"rows":[{"plan":"a"},{"plan":"b"}]}', false],
      ['{"rows":[{"plan":"a","planet":1}]}', false],
      ['{"rows":[{"plan":"a","pla":1}]}', false],
      ['{"rows":[{"tenure_days":2,"monthly_charges":-0,"plan":null}]}', true],
      ['{"rows":[{}]}', true],
      ['{"rows":[{"plan":"a","tenure_days":1}]}', true],
    ];
    for (const [t, reads] of cases) {
      const bytes = Buffer.from(t, 'utf8');
      assert.equal(reader.readSlots(bytes, utf8Body(bytes), keys, slots), reads, t);
      if (!reads) continue;
      const row = (JSON.parse(t) as { rows: Array<Record<string, unknown>> }).rows[0];
      names.forEach((k, j) => assert.ok(Object.is(slots.value(j), Object.hasOwn(row, k) ? row[k] : undefined), `${k} of ${t}`));
    }
  });

  it('reads every body JSON.stringify writes of flat rows with plain keys and text, whatever its numbers', () => {
    const plainKey = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => k !== '__proto__' && JSON.stringify(k) === `"${k}"` && !k.includes('\\'));
    const plainText = fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => JSON.stringify(s) === `"${s}"` && !s.includes('\\'));
    const field = fc.oneof(plainText, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.dictionary(plainKey, field, { maxKeys: 8 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = JSON.stringify({ rows });
        const bytes = Buffer.from(text, 'utf8');
        const read = reader.read(bytes, utf8Body(bytes));
        assert.ok(read !== null, text);
        assert.deepStrictEqual(read, (JSON.parse(text) as { rows: unknown }).rows);
      }),
      { numRuns: 2000 },
    );
  });

  it('declines what it does not read exactly as JSON.parse, so the parse path answers', () => {
    const declined = [
      '{"rows":[]}',
      '{"rows":[{"a":1}],"rows":[{"a":2}]}',
      '{"rows":[{"a":1}]} x',
      '\ufeff{"rows":[{"a":1}]}',
      '{"rows":[{"a":"\\u0041"}]}',
      '{"rows":[{"\\u0061":1}]}',
      '{"rows":[{"__proto__":1}]}',
      '{"rows":[{"a":1e400}]}',
      '{"rows":[{"a":{"b":1}}]}',
      '{"rows":[{"a":01}]}',
      '{"rows":[{"a":1,}]}',
      '{"rows":[{"a":1}],}',
      '{"rows":[{"a":1} {"a":2}]}',
      '{"rows":[{"a":"x\ty"}]}',
    ];
    for (const t of declined) {
      const bytes = Buffer.from(t, 'utf8');
      assert.equal(reader.read(bytes, utf8Body(bytes)), null, t);
    }
  });

  it('keeps no key of one body in the rows of the next: keys are compared byte for byte with the last ones seen', () => {
    const one = Buffer.from('{"rows":[{"plan":"basic","tenure":1}]}');
    const two = Buffer.from('{"rows":[{"plam":"basic","tenurf":1}]}');
    const three = Buffer.from('{"rows":[{"plan":"é","tenure":2,"more":3}]}');
    assert.deepStrictEqual(reader.read(one, utf8Body(one)), [{ plan: 'basic', tenure: 1 }]);
    assert.deepStrictEqual(reader.read(two, utf8Body(two)), [{ plam: 'basic', tenurf: 1 }]);
    assert.deepStrictEqual(reader.read(three, utf8Body(three)), [{ plan: 'é', tenure: 2, more: 3 }]);
    assert.deepStrictEqual(reader.read(one, utf8Body(one)), [{ plan: 'basic', tenure: 1 }]);
    // A key the last one's bytes begin, or that begins them, is read as itself.
    const longer = Buffer.from('{"rows":[{"planet":"basic","ten":1}]}');
    assert.deepStrictEqual(reader.read(longer, utf8Body(longer)), [{ planet: 'basic', ten: 1 }]);
    assert.deepStrictEqual(reader.read(one, utf8Body(one)), [{ plan: 'basic', tenure: 1 }]);
  });
});
