import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogBatchBuilder, unpackBatch, type LogBatch, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { PredictionIds } from '../../../server/backend/serve/predictionIds.js';

/** Every id of a batch, as read (each made when asked). */
const idsOf = (b: LogBatch): string[] => Array.from({ length: b.n }, (_, k) => b.id(k));

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['a', 'b'], categories: [null, ['x', 'y']] };

// Text of any code units, lone surrogates included: the rows cross as UTF-8 bytes.
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
const value = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const row = fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', '0', '10', 'customer_id')), value, { maxKeys: 6 });
const answer = fc.oneof(fc.double(), fc.constant(-0), fc.record({ label: fc.string(), probabilities: fc.dictionary(fc.string(), fc.double({ noNaN: true })) }));

describe('the log batch crossing threads', () => {
  it('unpacks to the rows, answers, ids and numbers that were added, rows given as body text or as objects', () => {
    fc.assert(
      // Any starting room: the arrays grow as predictions come, and keep what was added.
      fc.property(fc.array(fc.tuple(fc.array(row, { minLength: 1, maxLength: 4 }), fc.array(answer, { minLength: 4, maxLength: 4 }), fc.boolean()), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 64 }), (requests, room) => {
        const b = new LogBatchBuilder(SOURCE, 64, room);
        const want: Array<{ input: unknown; answer: unknown; id: string; ts: number; latency: number }> = [];
        for (const [rows, answers, asText] of requests) {
          // What the server does: the rows of a parsed body, and that body's text.
          const text = JSON.stringify({ rows });
          const parsed = (JSON.parse(text) as { rows: unknown[] }).rows;
          parsed.forEach((input, r) => {
            const id = want.length % 3 === 2 ? `p-${want.length}-é✓` : `p-${want.length}`;
            const ts = 1_700_000_000_000 + want.length;
            const at = b.add(id, ts, 10 + r, input, answers[r], asText ? text : undefined, r);
            b.codes[at] = want.length;
            b.codes[at + 1] = -want.length;
            want.push({ input, answer: answers[r], id, ts, latency: 10 + r });
          });
        }
        const { batch, transfer } = b.seal();
        assert.equal(transfer.length, 1);
        const got = unpackBatch(structuredClone(batch, { transfer }));
        assert.equal(got.n, want.length);
        assert.deepEqual(idsOf(got), want.map((w) => w.id));
        for (let k = 0; k < want.length; k++) {
          assert.deepEqual(got.input(k), want[k].input);
          assert.deepEqual(Object.keys(got.input(k) as object), Object.keys(want[k].input as object));
          if (typeof want[k].answer === 'number') assert.ok(Object.is(got.predictions[k], want[k].answer), `answer ${k}`);
          // Cloned, as postMessage did before (a null-prototype object comes back a plain one).
          else assert.deepEqual(got.predictions[k], structuredClone(want[k].answer));
          assert.equal(got.ts[k], want[k].ts);
          assert.equal(got.latencyUs[k], want[k].latency);
          assert.equal(got.codes[k * 2], k);
          assert.equal(got.codes[k * 2 + 1], -k);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("stores its writer's ids as their counter, no bytes, and unpacks them and any other id to the same text", () => {
    fc.assert(
      // Per prediction: a fresh id of the writer, the same id again, or an id of another writer or none.
      fc.property(fc.array(fc.constantFrom('fresh', 'again', 'other', 'text'), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 50_000 }), (kinds, skip) => {
        const made = new PredictionIds();
        made.counter = skip;
        const other = new PredictionIds();
        const b = new LogBatchBuilder(SOURCE, 64, 2, made);
        const want: string[] = [];
        let last = made.next();
        for (const kind of kinds) {
          const id = kind === 'fresh' ? (last = made.next()) : kind === 'again' ? last : kind === 'other' ? other.next() : `p-${want.length}-é✓`;
          b.add(id, 0, 0, { a: 1 }, 0.5, undefined, 0);
          want.push(id);
        }
        const { batch, transfer } = b.seal();
        const textIds = kinds.filter((k) => k === 'other' || k === 'text').length;
        assert.equal(batch.idBytes.byteLength, want.filter((_, k) => kinds[k] === 'other' || kinds[k] === 'text').reduce((n, id) => n + Buffer.byteLength(id), 0));
        assert.equal(kinds.length - textIds, [...batch.idCounter].filter((c) => c >= 0).length);
        assert.deepEqual(idsOf(unpackBatch(structuredClone(batch, { transfer }))), want);
      }),
      { numRuns: 200 },
    );
  });

  it("hands on one buffer of the batch's own size: a quiet flush stays small", () => {
    const b = new LogBatchBuilder(SOURCE, 1000, 64);
    for (let k = 0; k < 3; k++) b.add(`p${k}`, 0, 0, { a: k }, 0.5, undefined, 0);
    const { transfer } = b.seal();
    assert.equal(transfer.length, 1);
    // 3 predictions: 3 × (8 × 4 + 2 codes × 4 + 4 × 4 + 1) bytes, 6 of ids and 21 of texts.
    assert.equal(transfer[0].byteLength, 3 * 57 + 6 + 21);
    const full = new LogBatchBuilder(SOURCE, 1000);
    for (let k = 0; k < 1000; k++) full.add(`p${k}`, 0, 0, { a: k }, 0.5, undefined, 0);
    assert.ok(full.full);
    assert.equal(full.room, 1000);
  });

  it('starts each batch empty after sealing one, and a sealed batch keeps its values as the next fills', () => {
    const b = new LogBatchBuilder(SOURCE, 8, 2);
    const fill = (from: number, count: number, asText: boolean) => {
      for (let k = from; k < from + count; k++) {
        const row = { a: `r${k}`, b: k };
        const at = b.add(`p${k}`, k, k, row, k % 2 ? k : { label: `l${k}` }, asText ? JSON.stringify({ rows: [row] }) : undefined, 0);
        b.codes[at] = k;
      }
    };
    const check = (got: ReturnType<typeof unpackBatch>, from: number, count: number) => {
      assert.equal(got.n, count);
      assert.deepEqual(idsOf(got), Array.from({ length: count }, (_, i) => `p${from + i}`));
      for (let i = 0; i < count; i++) {
        const k = from + i;
        assert.deepEqual(got.input(i), { a: `r${k}`, b: k });
        assert.deepEqual(got.predictions[i], k % 2 ? k : { label: `l${k}` });
        assert.equal(got.ts[i], k);
        assert.equal(got.codes[i * 2], k);
      }
    };
    fill(0, 5, true);
    const first = b.seal().batch;
    fill(5, 8, false);
    assert.ok(b.full);
    const second = b.seal().batch;
    fill(13, 1, true);
    const third = b.seal().batch;
    check(unpackBatch(first), 0, 5);
    check(unpackBatch(second), 5, 8);
    check(unpackBatch(third), 13, 1);
  });

  it('grows its byte buffers for texts of many bytes per character, cutting none', () => {
    const b = new LogBatchBuilder(SOURCE, 4);
    const rows = [{ a: '✓'.repeat(300) }, { a: '😀'.repeat(700), b: 'é' }, { a: 'x' }, { a: '✓'.repeat(5000) }];
    rows.forEach((row, k) => b.add(`${'✓'.repeat(40)}-${k}`, 0, 0, row, 0.5, k % 2 ? JSON.stringify({ rows: [row] }) : undefined, 0));
    const got = unpackBatch(b.seal().batch);
    assert.deepEqual(rows.map((_, k) => got.input(k)), rows);
    assert.deepEqual(idsOf(got), rows.map((_, k) => `${'✓'.repeat(40)}-${k}`));
  });

  it('takes no more once its text passes the budget, so a string never outgrows what V8 holds', () => {
    const b = new LogBatchBuilder(SOURCE, 1000);
    const body = JSON.stringify({ rows: [{ a: 'x'.repeat(1 << 20) }] });
    let n = 0;
    while (!b.full) {
      b.add(`p${n}`, 0, 0, null, 0.5, body + ' '.repeat(n % 2), 0);
      n++;
    }
    assert.ok(n < 1000 && n >= 16, `${n} bodies of 1 MiB`);
    assert.equal((unpackBatch(b.seal().batch).input(n - 1) as { a: string }).a.length, 1 << 20);
  });
});
