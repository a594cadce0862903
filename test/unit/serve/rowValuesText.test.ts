import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { RowValuesReader } from '../../../server/backend/serve/rowValuesText.js';
import { rowJson } from '../../../server/backend/serve/rowJson.js';

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['a'], categories: [null] };
const KEYS = ['customer_id', 'plan', 'tenure_days', 'monthly_charges', 'support_tickets'];

/** Row `row` of the body in `bytes` (from `at`, `length` bytes) read by `reader` against `keys`, as text. */
function valuesOf(reader: RowValuesReader, bytes: Uint8Array, at: number, length: number, row: number, keys: readonly string[] = KEYS): string | null {
  const got = reader.valueBytes(bytes, at, length, row, keys);
  return got === null ? null : Buffer.from(got).toString('utf8');
}

/** Row `row` of `body` read by a fresh reader against `keys`. */
function read(body: string, row: number, keys: readonly string[] = KEYS): string | null {
  const bytes = Buffer.from(body, 'utf8');
  return valuesOf(new RowValuesReader(), bytes, 0, bytes.length, row, keys);
}

/** Whether two JSON texts parse to the same values, -0 told from 0. */
function sameJson(a: string, b: string): boolean {
  const same = (x: unknown, y: unknown): boolean =>
    Array.isArray(x) && Array.isArray(y) ? x.length === y.length && x.every((v, i) => same(v, y[i])) : Object.is(x, y);
  return same(JSON.parse(a), JSON.parse(b));
}

const space = fc.constantFrom('', ' ', '\n', '\t ', '\r\n  ');
/** A number as a client may spell it: the parse path stores JSON.stringify's spelling of the same value. */
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => ({ text: Object.is(x, -0) ? '-0' : JSON.stringify(x), value: x })),
  fc.integer({ min: -999, max: 999 }).map((x) => ({ text: `${x}.50`, value: x + Math.sign(x || 1) * 0.5 })),
  fc.integer({ min: 0, max: 99 }).map((x) => ({ text: `${x}E-2`, value: x / 100 })),
);
const scalar = fc.oneof(
  fc.oneof(fc.string(), fc.string({ unit: 'binary' })).map((s) => ({ text: JSON.stringify(s), value: s as unknown })),
  fc.string().map((s) => ({ text: JSON.stringify(s).replace(/a/g, '\\u0061'), value: s as unknown })),
  number,
  fc.constantFrom(true, false, null).map((v) => ({ text: String(v), value: v as unknown })),
);

/** A body of rows with KEYS in order, spelt with `gaps` of whitespace; its rows as the server parses them. */
function body(rows: Array<Array<{ text: string }>>, gaps: string[]): string {
  let g = 0;
  const s = () => gaps[g++ % gaps.length];
  const objects = rows.map((values) => `{${s()}${values.map((v, k) => `${JSON.stringify(KEYS[k])}${s()}:${s()}${v.text}`).join(`${s()},${s()}`)}${s()}}`);
  return `${s()}{${s()}"rows"${s()}:${s()}[${s()}${objects.join(`${s()},${s()}`)}${s()}]${s()}}${s()}`;
}

describe('a logged row read from its body text', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives the values the parse path stores, in the layout order, for any spelling of the body', () => {
    fc.assert(
      fc.property(fc.array(fc.array(scalar, { minLength: KEYS.length, maxLength: KEYS.length }), { minLength: 1, maxLength: 4 }), fc.array(space, { minLength: 1, maxLength: 7 }), (rows, gaps) => {
        const text = body(rows, gaps);
        const parsed = (JSON.parse(text) as { rows: Array<Record<string, unknown>> }).rows;
        const reader = new RowValuesReader();
        const bytes = Buffer.from(text, 'utf8');
        rows.forEach((_, r) => {
          const got = valuesOf(reader, bytes, 0, bytes.length, r);
          // Left to the parse only where a number may overflow (three exponent digits).
          if (got === null) return assert.ok(rows[r].some((v) => /^-?[0-9.]+e[+-]?[0-9]{3}/i.test(v.text)), `row ${r} of ${text}`);
          assert.ok(sameJson(got!, rowJson(Object.values(parsed[r]))), `row ${r}: ${got} against ${rowJson(Object.values(parsed[r]))}`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives each row its own bytes, unchanged by the rows read after it (its buffer grown included) until reset', () => {
    const rows = Array.from({ length: 40 }, (_, r) => `{"customer_id":"C${r}${'é'.repeat(r)}","plan":"basic","tenure_days":${r},"monthly_charges":${r / 4},"support_tickets":1}`);
    const bytes = Buffer.from(`{"rows":[${rows.join(',')}]}`, 'utf8');
    const reader = new RowValuesReader();
    const views = rows.map((_, r) => reader.valueBytes(bytes, 0, bytes.length, r, KEYS));
    views.forEach((v, r) => assert.equal(Buffer.from(v!).toString('utf8'), read(bytes.toString('utf8'), r), `row ${r}`));
    reader.reset();
    assert.equal(Buffer.from(reader.valueBytes(bytes, 0, bytes.length, 3, KEYS)!).toString('utf8'), read(bytes.toString('utf8'), 3));
  });

  it('reads a body among others in one buffer, and the serving bench’s body', () => {
    const one = '{"rows":[{"customer_id":"C00001","plan":"premium","tenure_days":291,"monthly_charges":92.47,"support_tickets":1}]}';
    const bytes = Buffer.from(`xx${one}yy`, 'utf8');
    assert.equal(valuesOf(new RowValuesReader(), bytes, 2, one.length, 0), '["C00001","premium",291,92.47,1]');
    assert.equal(read(one, 0), '["C00001","premium",291,92.47,1]');
  });

  it('leaves to the parse anything but a flat row with exactly the layout keys, in order', () => {
    const row = '"customer_id":"C1","plan":"basic","tenure_days":1,"monthly_charges":2,"support_tickets":3';
    const cases: Record<string, [string, number] | [string, number, string[]]> = {
      'another member after rows': [`{"rows":[{${row}}],"x":1}`, 0],
      'a second rows member (JSON.parse takes the last)': [`{"rows":[{${row}}],"rows":[{${row}}]}`, 0],
      'another member before rows': [`{"x":1,"rows":[{${row}}]}`, 0],
      'a nested value': [`{"rows":[{${row.replace('"C1"', '{"a":1}')}}]}`, 0],
      'an array value': [`{"rows":[{${row.replace('"C1"', '[1]')}}]}`, 0],
      'a key missing': [`{"rows":[{${row.replace(',"support_tickets":3', '')}}]}`, 0],
      'an extra key': [`{"rows":[{${row},"x":1}]}`, 0],
      'keys in another order': [`{"rows":[{"plan":"basic","customer_id":"C1","tenure_days":1,"monthly_charges":2,"support_tickets":3}]}`, 0],
      'an escaped key': [`{"rows":[{${row.replace('"plan"', '"pl\\u0061n"')}}]}`, 0],
      'a number that overflows': [`{"rows":[{${row.replace(':3', ':1e400')}}]}`, 0],
      'a number of 400 digits': [`{"rows":[{${row.replace(':3', `:${'9'.repeat(400)}`)}}]}`, 0],
      'a row past the last': [`{"rows":[{${row}}]}`, 1],
      'a byte order mark': [`\uFEFF{"rows":[{${row}}]}`, 0],
      'a row that is no object': [`{"rows":[1]}`, 0],
      'keys that JSON escapes': [`{"rows":[{"a\\"b":1}]}`, 0, ['a"b']],
    };
    for (const [what, [text, r, keys]] of Object.entries(cases)) assert.equal(read(text, r, keys), null, what);
    // What overflows to Infinity the parse path stored as null; a short exponent is the value as sent.
    assert.equal(read(`{"rows":[{${row.replace(':3', ':1e-99')}}]}`, 0), '["C1","basic",1,2,1e-99]');
  });

  it("stores the same cells from a body's bytes (as received, a byte-order mark included) as from its text, for any spelling of the body", () => {
    /** Every column of every logged row, as SQLite holds it (its type too), with a fresh log fed `bodies` given as `as`. */
    const logged = (bodies: string[], as: (text: string, k: number) => string | Uint8Array): unknown[] => {
      const root = mkdtempSync(join(tmpdir(), 'mlpipe-rowbytes-'));
      dirs.push(root);
      const log = new PredictionLog(root);
      const b = new LogBatchBuilder(SOURCE, 64);
      let n = 0;
      bodies.forEach((text, k) => {
        const given = as(text, k);
        (JSON.parse(text) as { rows: unknown[] }).rows.forEach((input, r) => {
          const at = b.add(`p${n}`, n, n, input, n / 8, given, r);
          b.codes[at] = n++;
        });
      });
      log.pushBatch(b.seal().batch);
      log.flush();
      log.close();
      const reader = new LogReader(root);
      try {
        return reader.db.prepare('SELECT id, ts, inputs, typeof(inputs) AS t, features, prediction, latency_us, layout FROM logged ORDER BY seq').all();
      } finally {
        reader.close();
      }
    };
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.array(scalar, { minLength: KEYS.length, maxLength: KEYS.length }), { minLength: 1, maxLength: 3 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
        fc.array(space, { minLength: 1, maxLength: 7 }),
        (requests, gaps) => {
          const bodies = requests.map(([rows]) => body(rows, gaps));
          const fromText = logged(bodies, (text) => text);
          const fromBytes = logged(bodies, (text, k) => (requests[k][1] ? Buffer.concat([bom, Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8')));
          assert.deepEqual(fromBytes, fromText);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stores in the log what the parse path stored, -0 and spellings included, read back as the server read the body', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-rowvalues-'));
    dirs.push(root);
    const log = new PredictionLog(root);
    const bodies = [
      // The first row of a writer is parsed (no layout yet); the rows after it with its keys are read from their text.
      '{"rows":[{"customer_id":"C0","plan":"basic","tenure_days":0,"monthly_charges":0,"support_tickets":0}]}',
      '{"rows":[{"customer_id":"C1","plan":"basic","tenure_days":-0,"monthly_charges":1.50,"support_tickets":1E2}]}',
      '{ "rows" : [ {"customer_id":"\\u00e9\\n","plan":null,"tenure_days":true,"monthly_charges":-1e-7,"support_tickets":0},\n {"customer_id":"C3","plan":"x","tenure_days":3,"monthly_charges":4,"support_tickets":5} ] }',
      // Another layout in the same batch: the parse path, then back to the first layout.
      '{"rows":[{"plan":"basic","customer_id":"C4"}]}',
      '{"rows":[{"customer_id":"C5","plan":"basic","tenure_days":5,"monthly_charges":5,"support_tickets":5}]}',
    ];
    const want: unknown[] = [];
    const b = new LogBatchBuilder(SOURCE, 16);
    bodies.forEach((text) => {
      (JSON.parse(text) as { rows: unknown[] }).rows.forEach((input, r) => {
        b.add(`p${want.length}`, 0, 0, input, 0.5, text, r);
        want.push(input);
      });
    });
    log.pushBatch(b.seal().batch);
    log.flush();
    log.close();
    const reader = new LogReader(root);
    try {
      const got = reader.page({}).rows.map((row) => row.inputs);
      assert.deepEqual(got, want);
      assert.ok(Object.is((got[1] as { tenure_days: number }).tenure_days, -0));
      // The values as sent: the first row read from its text, not parsed and written again.
      const stored = reader.db.prepare<[], { inputs: string }>('SELECT inputs FROM logged ORDER BY seq').all().map((r) => r.inputs);
      assert.equal(stored[1], '["C1","basic",-0,1.50,1E2]');
    } finally {
      reader.close();
    }
  });
});
