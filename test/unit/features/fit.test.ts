import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformBatch } from '../../../server/mlpipe/features/batch.js';
import { PlanError, StateError } from '../../../server/mlpipe/features/errors.js';
import { fitPlan, fitWaves } from '../../../server/mlpipe/features/fit.js';
import { outputLayout } from '../../../server/mlpipe/features/layout.js';
import { readState } from '../../../server/mlpipe/features/state.js';
import type { Table } from '../../../server/mlpipe/data/table.js';
import { CHURN_FEATURES, CHURN_INPUTS, churnLike } from './dataset.js';
import { planOf, table } from './helpers.js';

function data(customers: Table, orders?: Table) {
  return { tables: new Map(orders ? [['customers', customers], ['orders', orders]] : [['customers', customers]]) };
}

function numericColumn(t: Table, name: string): Float64Array {
  const c = t.columns.find((col) => col.name === name)!;
  return c.values as Float64Array;
}

/** Split codes: every third row test (1), every seventh validation (2), else train (0). */
function splitOf(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : i % 7 === 0 ? 2 : 0));
}

test('fitting reads only training rows: changing a test or validation row leaves the state unchanged', () => {
  const { customers, orders } = churnLike(11);
  const plan = planOf(CHURN_FEATURES, CHURN_INPUTS);
  const split = splitOf(customers.rowCount);
  const before = JSON.stringify(fitPlan(plan, data(customers, orders), split));
  const tenure = numericColumn(customers, 'tenure_days');
  const charges = numericColumn(customers, 'monthly_charges');
  const plans = customers.columns.find((c) => c.name === 'plan')!.values as Array<string | null>;
  for (const i of [0, 3, 14, 30]) {
    assert.notEqual(split[i], 0);
    tenure[i] = 1e9;
    charges[i] = -5e6;
    plans[i] = 'never-in-training';
  }
  assert.equal(JSON.stringify(fitPlan(plan, data(customers, orders), split)), before);
  // The same change on a training row does change it (so the comparison above can fail).
  assert.equal(split[1], 0);
  tenure[1] = 1e9;
  assert.notEqual(JSON.stringify(fitPlan(plan, data(customers, orders), split)), before);
});

test('fit = all reads every row, and equals fitting with no split', () => {
  const customers = table('customers', { x: [1, 2, 3, 100], c: ['a', 'b', 'a', 'z'] });
  const plan = planOf(`feature s = standardize(x, fit = all)\nfeature t = standardize(x)\nfeature o = one_hot(c, fit = all)`, ['s', 't', 'o'], { name: 'customers' }, {});
  const split = Uint8Array.from([0, 0, 0, 1]);
  const state = fitPlan(plan, data(customers), split);
  const s = state.nodes['standardize(customers.x, fit=all)'];
  const t = state.nodes['standardize(customers.x, fit=train)'];
  assert.deepEqual(s, { kind: 'standardize', mean: 26.5, std: Math.sqrt((25.5 ** 2 + 24.5 ** 2 + 23.5 ** 2 + 73.5 ** 2) / 4), count: 4 });
  assert.deepEqual(t, { kind: 'standardize', mean: 2, std: Math.sqrt(2 / 3), count: 3 });
  assert.deepEqual(state.nodes['one_hot(customers.c, fit=all)'], { kind: 'one_hot', vocabulary: ['a', 'b', 'z'], count: 4 });
  const noSplit = fitPlan(plan, data(customers), null);
  assert.deepEqual(noSplit.nodes['standardize(customers.x, fit=train)'], s);
});

test('literal statistics are used as given, not fitted', () => {
  const customers = table('customers', { x: [1, 5, 9], c: ['a', 'b', 'q'] });
  const plan = planOf(
    `feature s = standardize(x, mean = 3, std = 2)
     feature m = min_max(x, min = 0, max = 10)
     feature o = one_hot(c, vocabulary = ["b", "a"])
     feature half = standardize(x, mean = 0)`,
    ['s', 'm', 'o', 'half'],
    { name: 'customers' },
    {},
  );
  const state = fitPlan(plan, data(customers), null);
  const out = transformBatch(plan, state, data(customers));
  assert.deepEqual(out.columns, ['s', 'm', 'o=b', 'o=a', 'half']);
  const std = Math.sqrt((1 + 25 + 81) / 3 - 25); // std around the data's mean, 5
  assert.deepEqual([...out.x], [
    -1, 0.1, 0, 1, Math.fround(1 / std),
    1, 0.5, 1, 0, Math.fround(5 / std),
    3, 0.9, 0, 0, Math.fround(9 / std),
  ].map(Math.fround));
});

test('a batch whose numeric column is numbers formatted for people names the first and the plain number it means', () => {
  const plan = planOf('feature s = standardize(x)', ['s'], { name: 'customers' }, {});
  const state = fitPlan(plan, data(table('customers', { x: [1, 5, 9] })), null);
  const scored = table('customers', { x: ['950', '1,250.5', null] });
  assert.throws(
    () => transformBatch(plan, state, data(scored)),
    /column x of customers\.csv holds text \('1,250\.5' in data row 2, a number formatted for people \(a thousands separator, a decimal comma, a currency, percent or plus sign\): write it as '1250\.5'\), but it held numbers when the features were fitted/,
  );
});

test('a batch whose numeric column holds an infinity or a number beyond a double says so, as the check does for training data', () => {
  // 'mlpipe score' said "holds text ('inf' in data row 2)" alone, where the check of training data names an infinity.
  const plan = planOf('feature s = standardize(x)', ['s'], { name: 'customers' }, {});
  const state = fitPlan(plan, data(table('customers', { x: [1, 5, 9] })), null);
  assert.throws(
    () => transformBatch(plan, state, data(table('customers', { x: ['950', 'inf', null] }))),
    /column x of customers\.csv holds text \('inf' in data row 2, an infinity, which no feature can use: write it as a missing value \(empty, NA or null\)\), but it held numbers when the features were fitted/,
  );
  assert.throws(
    () => transformBatch(plan, state, data(table('customers', { x: ['1e400', '2', null] }))),
    /column x of customers\.csv holds text \('1e400' in data row 1, a value beyond the range of a double \(about ±1\.8e308\)\), but it held numbers/,
  );
});

test('one_hot of fractional numbers is refused at fit, as the checker refuses it', () => {
  // A check that sampled the file saw only whole numbers; the run encoded each fraction as a category without a word.
  const plan = planOf('feature o = one_hot(n)', ['o'], { name: 'customers' }, {});
  assert.throws(
    () => fitPlan(plan, data(table('customers', { n: [1, 2, 2.5, NaN] })), null),
    { message: "feature o: 'one_hot' needs text or whole numbers, but its input holds fractional numbers (such as 2.5 on a training row): use 'bucketize' first" },
  );
  // Whole numbers (3.0 is 3) and fractions only on test rows (unseen: all zeros) are fitted as before.
  assert.doesNotThrow(() => fitPlan(plan, data(table('customers', { n: [1, 3.0, 2, NaN] })), null));
  assert.doesNotThrow(() => fitPlan(plan, data(table('customers', { n: [1, 2, 2.5] })), Uint8Array.from([0, 0, 1])));
});

test('one_hot: sorted training vocabulary; unseen and missing values are all zeros', () => {
  const customers = table('customers', { c: ['b', 'a', null, 'b', 'new'], n: [3, 1, 2, 10, NaN] });
  const plan = planOf(`feature o = one_hot(c)\nfeature k = one_hot(n)`, ['o', 'k'], { name: 'customers' }, {});
  const state = fitPlan(plan, data(customers), Uint8Array.from([0, 0, 0, 0, 1]));
  assert.deepEqual(outputLayout(plan, state).columns, ['o=a', 'o=b', 'k=1', 'k=2', 'k=3', 'k=10']);
  const out = transformBatch(plan, state, data(customers));
  assert.deepEqual([...out.x], [0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(out.missing, []);
});

test('a fitted transform of a fitted feature is fitted on the transformed values', () => {
  const customers = table('customers', { x: [0, 10, 20, 30] });
  const plan = planOf(`feature m = min_max(x)\nfeature z = standardize(m * 2)`, ['z'], { name: 'customers' }, {});
  const state = fitPlan(plan, data(customers), null);
  const z = Object.values(state.nodes).find((n) => n.kind === 'standardize')!;
  assert.equal(z.kind === 'standardize' && z.mean, 1); // mean of 0, 2/3, 4/3, 2
});

test('bucketize: fixed edges and fitted quantile edges', () => {
  const customers = table('customers', { x: [1, 2, 3, 4, 5, 6, 7, 8, NaN] });
  const plan = planOf(`feature a = bucketize(x, [2, 5])\nfeature q = bucketize(x, n = 4)`, ['a', 'q'], { name: 'customers' }, {});
  const state = fitPlan(plan, data(customers), null);
  assert.deepEqual(state.nodes['bucketize(customers.x, n=4, fit=train)'], { kind: 'bucketize', edges: [2.75, 4.5, 6.25], count: 8 });
  const out = transformBatch(plan, state, data(customers));
  assert.deepEqual([...out.x].map(String), ['0', '0', '1', '0', '1', '1', '1', '1', '2', '2', '2', '2', '2', '3', '2', '3', 'NaN', 'NaN']);
  assert.deepEqual(out.missing, [{ feature: 'a', count: 1 }, { feature: 'q', count: 1 }]);
});

test('the state survives JSON: fit, stringify, parse, identical outputs', () => {
  const { customers, orders } = churnLike(5);
  const plan = planOf(CHURN_FEATURES, CHURN_INPUTS);
  const d = data(customers, orders);
  const state = fitPlan(plan, d, splitOf(customers.rowCount));
  const restored = readState(JSON.parse(JSON.stringify(state)));
  const a = transformBatch(plan, state, d);
  const b = transformBatch(plan, restored, d);
  assert.deepEqual(Buffer.from(b.x.buffer), Buffer.from(a.x.buffer));
  assert.deepEqual(b.columns, a.columns);
  // Re-compiling the same text finds the state by node keys.
  const again = transformBatch(planOf(CHURN_FEATURES, CHURN_INPUTS), restored, d);
  assert.deepEqual(Buffer.from(again.x.buffer), Buffer.from(a.x.buffer));
});

test('readState refuses other versions and malformed statistics', () => {
  assert.throws(() => readState({ version: 2, columns: {}, nodes: {} }), StateError);
  assert.throws(() => readState(null), StateError);
  assert.throws(() => readState({ version: 1, columns: { x: 'date' }, nodes: {} }), /column x/);
  assert.throws(() => readState({ version: 1, columns: {}, nodes: { k: { kind: 'standardize', mean: 0, std: 0, count: 1 } } }), /positive 'std'/);
  assert.throws(() => readState({ version: 1, columns: {}, nodes: { k: { kind: 'bucketize', edges: [2, 1], count: 1 } } }), /ascending/);
  // A state fitted for other features does not silently run.
  const customers = table('customers', { x: [1, 2] });
  const plan = planOf(`feature s = standardize(x)`, ['s'], { name: 'customers' }, {});
  assert.throws(() => transformBatch(plan, readState({ version: 1, columns: { x: 'number' }, nodes: {} }), data(customers)), /no fitted statistics/);
});

test('type errors at fit time name the feature and column', () => {
  const customers = table('customers', { x: [1, 2], c: ['a', 'b'] });
  const fit = (src: string, inputs: string[]) => fitPlan(planOf(src, inputs, { name: 'customers' }, {}), data(customers), null);
  assert.throws(() => fit(`feature s = standardize(c)`, ['s']), (e: unknown) => e instanceof PlanError && e.feature === 's' && /customers\.c is text/.test(e.message));
  assert.throws(() => fit(`feature s = c`, ['s']), /gives text, and a model input must be numeric/);
  assert.throws(() => fit(`feature s = one_hot(fill_missing(c, 0))`, ['s']), /needs a string as its value/);
  assert.throws(() => fit(`feature s = log1p(nope)`, ['s']), /'nope' is neither a feature nor a column of customers/);
  assert.throws(
    () => fitPlan(planOf(`feature s = x`, ['s'], { name: 'customers' }, {}), data(customers), new Uint8Array(5)),
    /split covers 5 rows/,
  );
});

test('fitWaves: a fitted node waits for every fitted node its input reads, however deep, and no longer', () => {
  const plan = planOf(
    [
      'feature a = standardize(x)', // wave 0
      'feature b = min_max(a) + x', // wave 1: reads a
      'feature c = standardize(log1p(x) * 2)', // wave 0: no fitted node below it
      'feature d = standardize(b - c)', // wave 2: reads b (wave 1) and c (wave 0)
      'feature e = bucketize(c * 3, n = 4)', // wave 1 (fitted quantile edges)
    ].join('\n'),
    ['a', 'b', 'c', 'd', 'e'],
    { name: 'customers' },
    {},
  );
  const waves = fitWaves(plan).map((w) => w.map((id) => plan.nodes[id].key));
  assert.deepEqual(waves, [
    ['standardize(customers.x, fit=train)', 'standardize((log1p(customers.x) * 2), fit=train)'],
    ['min_max(standardize(customers.x, fit=train), fit=train)', 'bucketize((standardize((log1p(customers.x) * 2), fit=train) * 3), n=4, fit=train)'],
    ['standardize(((min_max(standardize(customers.x, fit=train), fit=train) + customers.x) - standardize((log1p(customers.x) * 2), fit=train)), fit=train)'],
  ]);
  // Each wave in node order, and every fitted node in exactly one wave.
  for (const w of fitWaves(plan)) assert.deepEqual(w, [...w].sort((p, q) => p - q));
  assert.equal(fitWaves(plan).flat().length, plan.nodes.filter((n) => n.kind === 'standardize' || n.kind === 'min_max' || n.kind === 'bucketize').length);
});
