import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { rowTransform, RowSlots, SLOT_ABSENT, SLOT_FALSE, SLOT_NULL, SLOT_NUMBER, SLOT_TEXT, SLOT_TRUE, transformRow } from '../../../server/mlpipe/features/row.js';
import { CHURN_FEATURES, CHURN_INPUTS, churnLike } from './dataset.js';
import { planOf } from './helpers.js';

// Serving resolves the row transform once per served version (`rowTransform`) and reuses its
// evaluator for every request: a request, in any order after any other (refused ones included),
// must get the bits the training path's batch gives its row, and the same refusal as
// `transformRow`.
test('a resolved row transform gives each request the batch row, in any order, whatever came before', () => {
  const { customers, orders } = churnLike(2027, 300, 1500);
  const plan = planOf(CHURN_FEATURES, CHURN_INPUTS);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const split = Uint8Array.from({ length: customers.rowCount }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const state = fitPlan(plan, data, split);
  const history = buildHistoryIndex(plan, data);
  const batch = transformBatch(plan, state, data, { history });
  const columns = customers.columns.filter((c) => c.name !== 'churned');
  const request = (r: number, drop: string | undefined) => {
    const out: Record<string, string | number> = {};
    for (const c of columns) {
      const v = c.values[r];
      if (c.name === drop || v === null || (typeof v === 'number' && v !== v)) continue;
      out[c.name] = v;
    }
    return out;
  };
  const x = new Float32Array(batch.width * 2);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: customers.rowCount - 1 }), fc.option(fc.constantFrom(...columns.map((c) => c.name)), { freq: 3 })), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 1 }),
      (requests, at) => {
        const transform = rowTransform(plan, state, history);
        for (const [r, drop] of requests) {
          const req = request(r, drop ?? undefined);
          let want: Float32Array | RequestError;
          try {
            want = transformRow(plan, state, req, history);
          } catch (e) {
            if (!(e instanceof RequestError)) throw e;
            want = e;
          }
          let got: RequestError | undefined;
          try {
            transform.into(req, x, at * batch.width);
          } catch (e) {
            if (!(e instanceof RequestError)) throw e;
            got = e;
          }
          if (want instanceof RequestError) {
            assert.deepEqual(got?.issues, want.issues);
            continue;
          }
          assert.equal(got, undefined);
          const row = Buffer.from(x.buffer, at * batch.width * 4, batch.width * 4);
          assert.ok(row.equals(Buffer.from(want.buffer)), `row ${r} differs from transformRow`);
          if (drop == null) assert.ok(row.equals(Buffer.from(batch.x.buffer, r * batch.width * 4, batch.width * 4)), `row ${r} differs from the batch`);
        }
      },
    ),
    { numRuns: 100 },
  );
});

// Serving reads a one-row body's values into slots (`RowSlots`, by `columns`' order) instead of
// a row object: any value of any field, sent or not, must get the object's bits or its refusal.
test('a row given as slots gets the bits or the refusal the same row as an object gets', () => {
  const { customers, orders } = churnLike(2028, 120, 600);
  const plan = planOf(CHURN_FEATURES, CHURN_INPUTS);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const split = Uint8Array.from({ length: customers.rowCount }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const state = fitPlan(plan, data, split);
  const history = buildHistoryIndex(plan, data);
  const transform = rowTransform(plan, state, history, { defaults: { plan: 'basic' } });
  const byName = new Map(customers.columns.map((c) => [c.name, c]));
  const width = transform.columns.length;
  /** A field's value as a client may send it: the row's, as text, missing in some spelling, or of another type. */
  const valueOf = (column: string, r: number) => {
    const v = byName.get(column)?.values[r] ?? null;
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant(typeof v === 'number' && v !== v ? null : v) },
      { weight: 1, arbitrary: fc.constantFrom(String(v), 'NA', '', null, undefined, true, false, -0, 0, 1, 0.1, 1e300, '7', 'x', '2025-01-01', 20250101) },
    );
  };
  const request = fc
    .integer({ min: 0, max: customers.rowCount - 1 })
    .chain((r) => fc.tuple(...transform.columns.map((c) => valueOf(c, r))));
  const slots = new RowSlots(width);
  const x = new Float32Array(1024);
  const run = (f: () => void): RequestError | Buffer => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      return e;
    }
    return Buffer.from(x.slice(0, 1024).buffer);
  };
  let refused = 0;
  fc.assert(
    fc.property(request, (values) => {
      const row: Record<string, string | number | boolean | null> = {};
      values.forEach((v, i) => {
        if (v !== undefined) row[transform.columns[i]] = v;
        slots.kind[i] = v === undefined ? SLOT_ABSENT : v === null ? SLOT_NULL : v === true ? SLOT_TRUE : v === false ? SLOT_FALSE : typeof v === 'number' ? SLOT_NUMBER : SLOT_TEXT;
        if (typeof v === 'number') slots.num[i] = v;
        if (typeof v === 'string') slots.text[i] = v;
      });
      x.fill(0);
      const want = run(() => transform.into(row, x, 0));
      x.fill(0);
      const got = run(() => transform.intoSlots(slots, x, 0));
      if (want instanceof RequestError) {
        refused++;
        assert.ok(got instanceof RequestError, `slots scored a row the object refuses: ${JSON.stringify(row)}`);
        assert.deepEqual(got.issues, want.issues);
      } else assert.ok(Buffer.isBuffer(got) && got.equals(want), `slots gave other bits: ${JSON.stringify(row)}`);
    }),
    { numRuns: 1000 },
  );
  assert.ok(refused > 20 && refused < 900, `${refused} of 1000 refused`);
});
