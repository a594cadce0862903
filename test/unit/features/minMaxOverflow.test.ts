/**
 * min_max of a column whose range exceeds the doubles' (values near ±1e308): max - min is
 * Infinity, so every value scaled to 0 (x - min finite) or NaN (x - min Infinity too: a missing
 * feature, the row dropped in training and refused in serving). The span is now taken over the
 * values halved (a power of two, exact), as standardize scales its moments, and training's batch
 * path and serving's row path, one kernel, agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { transformRow } from '../../../server/mlpipe/features/row.js';
import { planOf, table } from './helpers.js';

test('min_max over a range beyond the doubles scales to [0, 1] in the batch and the row path alike', () => {
  const xs = [-1e308, -5e307, 0, 5e307, 1e308];
  const customers = table('customers', { customer_id: xs.map((_, i) => `c${i}`), x: xs, churned: xs.map((_, i) => i % 2) });
  const plan = planOf('feature m = min_max(customers.x)', ['m'], { name: 'customers', key: 'customer_id', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  const state = fitPlan(plan, data, null);
  const batch = [...transformBatch(plan, state, data).x];
  assert.deepEqual(batch, [0, 0.25, 0.5, 0.75, 1]);
  const history = buildHistoryIndex(plan, data);
  assert.deepEqual(xs.map((x) => transformRow(plan, state, { x } as never, history)[0]), batch);
});

test('min_max of an ordinary range is the plain formula, bit for bit', () => {
  const xs = [0.1, 0.7, 3.3];
  const customers = table('customers', { customer_id: xs.map((_, i) => `c${i}`), x: xs, churned: [0, 1, 0] });
  const plan = planOf('feature m = min_max(customers.x)', ['m'], { name: 'customers', key: 'customer_id', target: 'churned' }, {});
  const data = { tables: new Map([['customers', customers]]) };
  const out = [...transformBatch(plan, fitPlan(plan, data, null), data).x];
  assert.deepEqual(out, xs.map((x) => Math.fround((x - 0.1) / (3.3 - 0.1))));
});
