import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GCProfiler } from 'node:v8';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { buildHistoryIndex } from '../../../server/mlpipe/features/history.js';
import { rowTransform } from '../../../server/mlpipe/features/row.js';
import { churnLike } from '../features/dataset.js';
import { planOf } from '../features/helpers.js';

// Serving runs the transforms' kernels on every request. Once optimized, a kernel whose result is
// a fraction must not box it as a heap number (16 bytes a call: `finite` returning the global NaN
// on an untaken branch, fill_missing merging a float with its untyped fill value, an operator's
// switch falling through to an implicit undefined).
const FEATURES = `
feature tenure  = fill_missing(customers.tenure_days, 0)
feature z       = standardize(log1p(tenure))
feature tickets = log1p(fill_missing(customers.support_tickets, 0))
feature scaled  = min_max(customers.support_tickets)
feature ratio   = standardize(tickets)
feature filled  = fill_missing(log1p(customers.tenure_days), 0)
feature weeks   = clip(customers.tenure_days / 7, 1, 50) - 0.5 * tickets
`;

test('the served row of numeric transforms allocates nothing per row once optimized', () => {
  const { customers, orders } = churnLike(48, 400, 10);
  const plan = planOf(FEATURES, ['z', 'tickets', 'scaled', 'ratio', 'filled', 'weeks']);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const state = fitPlan(plan, data, new Uint8Array(customers.rowCount));
  const transform = rowTransform(plan, state, buildHistoryIndex(plan, data));
  // Whole numbers only in the requests: a fraction read from a request object's field is boxed
  // by the read itself, which is not the kernels' doing.
  const requests = Array.from({ length: 64 }, (_, i) => ({ tenure_days: 17 * i + 3, support_tickets: i % 7 }));
  const out = new Float32Array(6);
  const perRow = bytesPerRow((i) => transform.into(requests[i & 63], out, 0));
  assert.ok(perRow.at(-1)! < 1, `bytes per row in the last rounds: ${perRow.slice(-5).map((b) => b.toFixed(1)).join(', ')}`);
});

test('a served row of windows allocates nothing per row once optimized', () => {
  const { customers, orders } = churnLike(49, 300, 3000);
  const plan = planOf(
    `
feature avg = fill_missing(window_mean(orders.order_value, 90d, as_of = customers.snapshot_at), 0)
feature n   = window_count(orders.order_value, 30d, as_of = customers.snapshot_at)
`,
    ['avg', 'n'],
  );
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const state = fitPlan(plan, data, new Uint8Array(customers.rowCount));
  const transform = rowTransform(plan, state, buildHistoryIndex(plan, data));
  const ids = customers.columns.find((c) => c.name === 'customer_id')!.values as Array<string | null>;
  const requests = Array.from({ length: 64 }, (_, i) => ({ customer_id: ids[i * 3] ?? 'C00001', snapshot_at: '2025-06-01' }));
  const out = new Float32Array(2);
  const perRow = bytesPerRow((i) => transform.into(requests[i & 63], out, 0));
  assert.ok(perRow.at(-1)! < 1, `bytes per row in the last rounds: ${perRow.slice(-5).map((b) => b.toFixed(1)).join(', ')}`);
});

/**
 * Heap bytes per call of `row(i)` over rounds of 5,000 calls, until three rounds have run and the
 * last allocated under a byte a call. Optimization is compiled off the thread: a round counts once
 * it is done, and only if no collection ran inside it (heapUsed would then fall).
 */
function bytesPerRow(row: (i: number) => void): number[] {
  const rows = 5000;
  const perRow: number[] = [];
  for (let round = 0; round < 200 && (perRow.length < 3 || perRow.at(-1)! >= 1); round++) {
    const gc = new GCProfiler();
    gc.start();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < rows; i++) row(i);
    const after = process.memoryUsage().heapUsed;
    if (gc.stop().statistics.length === 0) perRow.push((after - before) / rows);
  }
  assert.ok(perRow.length >= 3, 'no round ran without a collection');
  return perRow;
}
