import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { RequestError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { rowTransform, transformRow } from '../../../server/mlpipe/features/row.js';
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
