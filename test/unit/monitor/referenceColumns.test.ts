/**
 * A run's drift reference is built a column at a time (`FeatureReader.column`), not from an
 * array of values per training row: on two million rows the row arrays and their boxed numbers
 * were 700 MB of the run's peak. The columns must be the values `read` gives row by row, and the
 * profiles built from them the profiles built from those rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST, TRAIN } from '../../../server/mlpipe/data/split.js';
import { fitPlan } from '../../../server/mlpipe/features/fit.js';
import { transformBatch } from '../../../server/mlpipe/features/index.js';
import { buildProfile } from '../../../server/mlpipe/drift/index.js';
import { buildReference } from '../../../server/backend/monitor/reference.js';
import { featureReader, predictionColumn, predictionValue, UNSEEN } from '../../../server/backend/monitor/values.js';
import { planOf, table } from '../features/helpers.js';

const N = 9;
const customers = table('customers', {
  customer_id: Array.from({ length: N }, (_, i) => `c${i}`),
  snapshot_at: Array.from({ length: N }, () => '2025-01-10'),
  spend: [1.5, null, 3, 4.25, 5, 6, null, 8, 1e6],
  plan: ['basic', 'plus', null, 'basic', 'premium', 'plus', 'basic', 'gold', 'plus'],
  churned: Array.from({ length: N }, (_, i) => i % 2),
});
const plan = planOf('feature spend = customers.spend\nfeature plan = one_hot(customers.plan)', ['spend', 'plan']);
const data = { tables: new Map([['customers', customers]]) };
// Fitted on the first six rows only, so 'gold' (row 7) is a category the vocabulary never saw.
const state = fitPlan(plan, data, Uint8Array.from({ length: N }, (_, r) => (r < 6 ? TRAIN : TEST)));
const x = transformBatch(plan, state, data).x;

test('columns are the values read row by row: numbers (NaN where missing) and categories (unseen named)', () => {
  const reader = featureReader(plan, state);
  const columns = reader.features.map((_, i) => reader.column(x, N, i));
  for (let r = 0; r < N; r++) {
    const row = reader.read(x, r);
    columns.forEach((column, k) => {
      const v = column[r];
      if (row[k] === null) assert.ok(Number.isNaN(v), `row ${r} ${reader.features[k]}: ${v}`);
      else assert.equal(v, row[k], `row ${r} ${reader.features[k]}`);
    });
  }
  const categories = columns[reader.kinds.indexOf('categorical')] as unknown[];
  assert.equal(categories[7], UNSEEN);
  assert.ok(columns[reader.kinds.indexOf('numeric')] instanceof Float64Array);
});

test('a reference from the columns has the profiles of the rows they came from', () => {
  const reader = featureReader(plan, state);
  const out = Float32Array.from({ length: N }, (_, i) => (i + 0.5) / N);
  const columns = [...reader.features.map((_, i) => reader.column(x, N, i)), predictionColumn('binary', undefined, out, N, 1)];
  const names = [...reader.features, 'prediction'];
  const kinds = [...reader.kinds, 'numeric' as const];
  const reference = buildReference(names, kinds, (k) => columns[k], N);
  assert.equal(reference.rows, N);
  const rows = Array.from({ length: N }, (_, r) => [...reader.read(x, r), predictionValue('binary', undefined, out, r, 1)]);
  names.forEach((name, k) => {
    assert.deepEqual(
      reference.targets[name],
      buildProfile(
        rows.map((row) => row[k]),
        kinds[k],
      ),
      name,
    );
  });
});

test('a multiclass prediction column holds the labels, as predictionValue reads them', () => {
  const out = Float32Array.from([0.1, 0.7, 0.2, 0.6, 0.3, 0.1]);
  assert.deepEqual(predictionColumn('multiclass', ['a', 'b', 'c'], out, 2, 3), ['b', 'a']);
  assert.deepEqual(Array.from(predictionColumn('regression', undefined, Float32Array.from([2.5, -1, 7]), 2, 1)), [2.5, -1]);
});
