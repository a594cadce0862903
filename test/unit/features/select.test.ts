import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { completeRows } from '../../../server/mlpipe/features/complete.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { outputLayout } from '../../../server/mlpipe/features/layout.js';
import { byNode } from '../../../server/mlpipe/features/plan.js';
import { BatchColumns, type BatchView } from '../../../server/mlpipe/features/select.js';
import { CHURN_FEATURES, CHURN_INPUTS, churnLike } from './dataset.js';
import { planOf, rng } from './helpers.js';

// The churn features plus inputs that are missing on some rows and beyond float32's range on others.
const FEATURES = `${CHURN_FEATURES}
feature raw_log   = log1p(customers.tenure_days)
feature huge      = monthly_charges * 1e37
feature ratio     = standardize(monthly_charges / (support_tickets - 1))
feature raw_log2  = log1p(customers.tenure_days)
feature huge2     = monthly_charges * 1e37
feature plan2     = one_hot(fill_missing(customers.plan, "basic"))
`;
// raw_log2, huge2 and plan2 have the same nodes as raw_log, huge and the churn features' plan.
const INPUTS = [...CHURN_INPUTS, 'raw_log', 'huge', 'ratio', 'raw_log2', 'huge2', 'plan2'];

/** The view's cells as a row-major array of the model's width, and its beyond values keyed by index in that array. */
function cells(view: BatchView): { x: number[]; beyondValues: Array<[number, number]> } {
  const x: number[] = [];
  const beyondValues: Array<[number, number]> = [];
  for (let r = 0; r < view.rows; r++) {
    for (let k = 0; k < view.width; k++) {
      const i = r * view.stride + view.at[k];
      x.push(view.x[i]);
      const v = view.beyondValues.get(i);
      if (v !== undefined) beyondValues.push([r * view.width + k, v]);
    }
  }
  return { x, beyondValues };
}

test('BatchColumns.select: the inputs taken from a wider batch equal the batch of a plan of those inputs alone, for random subsets', () => {
  const { customers, orders } = churnLike(5, 400, 2000);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const split = Uint8Array.from({ length: customers.rowCount }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const wide = planOf(FEATURES, INPUTS);
  const wideState = fitPlan(wide, data, split);
  const wideBatch = transformBatch(wide, wideState, data);
  assert.ok(wideBatch.missing.length > 0 && wideBatch.beyond.length > 0, 'the data gives missing and beyond values');
  const wideColumns = new BatchColumns(wideBatch, outputLayout(wide, wideState));
  // The same batch with each node computed once: inputs sharing a node read its columns under their own names.
  const narrow = byNode(wide);
  assert.ok(narrow.outputs.length < wide.outputs.length, 'some inputs share a node');
  const narrowColumns = new BatchColumns(transformBatch(narrow, wideState, data), outputLayout(narrow, wideState), new Map(wide.outputs.map((o) => [o.feature, o.node])));
  const parts = { train: [] as number[], test: [] as number[], validation: [] as number[] };
  split.forEach((s, i) => (s === 0 ? parts.train : parts.test).push(i));
  const r = rng(11);
  let sawBeyond = 0;
  for (let trial = 0; trial < 40; trial++) {
    // A subset in a random order, sometimes with an input twice.
    const inputs = INPUTS.filter(() => r() < 0.4).sort(() => r() - 0.5);
    if (inputs.length === 0) inputs.push('huge');
    if (r() < 0.2) inputs.push(inputs[0]);
    const plan = planOf(FEATURES, inputs);
    const state = fitPlan(plan, data, split);
    const alone = transformBatch(plan, state, data);
    for (const taken of [wideColumns.select(inputs), narrowColumns.select(inputs)]) {
      assert.deepEqual(taken.columns, alone.columns, inputs.join(','));
      assert.equal(taken.width, alone.width);
      assert.equal(taken.rows, alone.rows);
      const read = cells(taken);
      assert.deepEqual(read.x.map(String), [...alone.x].map(String), inputs.join(','));
      assert.deepEqual(taken.missing, alone.missing);
      assert.deepEqual(taken.beyond, alone.beyond);
      assert.deepEqual(read.beyondValues, [...alone.beyondValues].sort((p, q) => p[0] - q[0]));
      assert.deepEqual(completeRows(taken, parts), completeRows(alone, parts));
    }
    if (alone.beyondValues.size > 0) sawBeyond++;
  }
  assert.ok(sawBeyond > 0, 'some subset holds a beyond value');
});

test('BatchColumns.select refuses a feature the batch does not hold', () => {
  const { customers, orders } = churnLike(2, 50, 100);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const plan = planOf(FEATURES, ['tenure']);
  const state = fitPlan(plan, data, null);
  assert.throws(() => new BatchColumns(transformBatch(plan, state, data), outputLayout(plan, state)).select(['huge']), /'huge' is not an input/);
});

test('BatchColumns.select reads the batch in place, and completeRows reads a selection out of layout order through its column map', () => {
  const { customers, orders } = churnLike(3, 300, 1500);
  const data = { tables: new Map([['customers', customers], ['orders', orders]]) };
  const split = Uint8Array.from({ length: customers.rowCount }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const plan = planOf(FEATURES, INPUTS);
  const state = fitPlan(plan, data, split);
  const batch = transformBatch(plan, state, data);
  const columns = new BatchColumns(batch, outputLayout(plan, state));
  const parts = { train: [] as number[], test: [] as number[], validation: [] as number[] };
  split.forEach((s, i) => (s === 0 ? parts.train : parts.test).push(i));
  // The reverse of the layout's order: a missing input and a beyond one after a one-hot input.
  const inputs = ['huge', 'raw_log', 'plan2', 'ratio'];
  const view = columns.select(inputs);
  assert.equal(view.x, batch.x, 'no copy of the rows');
  assert.equal(view.stride, batch.width);
  const alone = transformBatch(planOf(FEATURES, inputs), fitPlan(planOf(FEATURES, inputs), data, split), data);
  const kept = completeRows(view, parts);
  assert.ok(kept.dropped > 0 && kept.beyond, 'rows left out for a missing input, and a kept row beyond float32');
  assert.deepEqual(kept, completeRows(alone, parts));
  // With the rows of the training side left empty: each input's missing count on that side.
  const empty = { train: parts.train.filter((r) => Number.isNaN(alone.x[r * alone.width + alone.columns.indexOf('raw_log')])), test: parts.test, validation: [] };
  assert.ok(empty.train.length > 0);
  assert.deepEqual(completeRows(view, empty), completeRows(alone, empty));
});
