import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import {
  coveredByFillMissing,
  featureDependencies,
  fittedStatistics,
  readsOf,
} from '../../../server/mlpipe/features/dependencies.js';
import { nodeInputs } from '../../../server/mlpipe/features/plan.js';
import { requiredRequestFields } from '../../../server/mlpipe/features/request.js';
import type { Reference } from '../../../server/mlpipe/syntax/ast.js';
import { someNode } from '../../../server/mlpipe/syntax/visit.js';
import { featuresOf, planOf } from './helpers.js';

function planError(fn: () => unknown, code: string, feature: string | undefined, text: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PlanError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.feature, feature);
    assert.match(e.message, text);
    return true;
  });
}

test('a feature used by several others is one node, and nodes are in topological order', () => {
  const plan = planOf(
    `feature base = fill_missing(tenure_days, 0)
     feature a = standardize(base)
     feature b = log1p(base) + customers.tenure_days
     feature c = standardize(fill_missing(customers.tenure_days, 0))`,
    ['a', 'b', 'c'],
  );
  assert.equal(plan.nodes.filter((n) => n.kind === 'fill_missing').length, 1);
  assert.equal(plan.nodes.filter((n) => n.kind === 'column').length, 1);
  // Same expression written twice is one fitted node.
  assert.equal(plan.outputs[0].node, plan.outputs[2].node);
  plan.nodes.forEach((node, i) => {
    assert.equal(node.id, i);
    for (const input of nodeInputs(node)) assert.ok(input < node.id, node.key);
  });
  assert.deepEqual([...plan.features.keys()].sort(), ['a', 'b', 'base', 'c']);
});

test('features outside the inputs closure are not compiled, so a broken unused one does not block', () => {
  const plan = planOf(`feature ok = log1p(x)\nfeature broken = nope(x)`, ['ok']);
  assert.deepEqual([...plan.features.keys()], ['ok']);
});

test('cycles, unknown transforms, unknown inputs and bad arguments are PlanErrors naming the feature', () => {
  planError(() => planOf(`feature a = b + 1\nfeature b = log1p(a)`, ['a']), 'feature-cycle', 'a', /a -> b -> a/);
  planError(() => planOf(`feature a = sqrt(x)`, ['a']), 'unknown-transform', 'a', /'sqrt' is not a transform/);
  planError(() => planOf(`feature a = clip(x, 1)`, ['a']), 'unknown-transform', 'a', /'clip' needs 'hi'/);
  planError(() => planOf(`feature a = log1p(x, y)`, ['a']), 'unknown-transform', 'a', /too many arguments/);
  planError(() => planOf(`feature a = log1p(x)`, ['zzz']), 'unknown-reference', undefined, /model input 'zzz' is not a feature/);
  planError(() => planOf(`feature a = standardize(x, fit = sometimes)`, ['a']), 'invalid-value', 'a', /'fit' takes 'train'/);
  planError(() => planOf(`feature a = bucketize(x, [3, 1])`, ['a']), 'invalid-value', 'a', /must increase strictly/);
  planError(() => planOf(`feature a = bucketize(x, [])`, ['a']), 'invalid-value', 'a', /bucket edges need at least one number/);
  planError(() => planOf(`feature a = one_hot(plan, vocabulary = [])`, ['a']), 'invalid-value', 'a', /'vocabulary' of 'one_hot' needs at least one category/);
  planError(() => planOf(`feature a = bucketize(x, [1], n = 3)`, ['a']), 'unknown-transform', 'a', /exactly one/);
  planError(() => planOf(`feature a = log1p(one_hot(plan))`, ['a']), 'type-mismatch', 'a', /one_hot gives one column per category/);
  planError(() => planOf(`feature a = orders.order_value`, ['a']), 'history-outside-window', 'a', /through a window aggregate/);
  planError(() => planOf(`feature a = window_sum(customers.x, 3d)`, ['a']), 'invalid-value', 'a', /is the primary table/);
  planError(() => planOf(`feature a = window_sum(orders.v, 3)`, ['a']), 'unknown-transform', 'a', /positive duration/);
  planError(() => planOf(`feature a = window_sum(orders.v, 3d, as_of = orders.t)`, ['a']), 'invalid-value', 'a', /column of the primary table/);
  planError(() => planOf(`feature a = fill_missing(x, y)`, ['a']), 'unknown-transform', 'a', /literal number or string/);
  planError(() => planOf(`feature a = fill_missing(x, true)`, ['a']), 'unknown-transform', 'a', /literal number or string/);
  planError(() => planOf(`feature a = clip(x, 5, 1)`, ['a']), 'invalid-value', 'a', /'hi' of 'clip' \(1\) must not be below 'lo' \(5\)/);
  planError(() => planOf(`feature a = standardize(x, mean = 0, std = 0)`, ['a']), 'invalid-value', 'a', /'std' of 'standardize' takes a number above 0/);
  planError(() => planOf(`feature a = min_max(x, min = 5, max = 1)`, ['a']), 'invalid-value', 'a', /'max' of 'min_max'/);
  planError(() => planOf(`feature a = hash_bucket(x, 5000000000)`, ['a']), 'invalid-value', 'a', /at most 4294967295/);
  planError(() => planOf(`feature a = elsewhere.col`, ['a']), 'unknown-reference', 'a', /neither a feature nor a column/);
  planError(
    () => planOf(`feature a = window_sum(events.v, 3d, as_of = snapshot_at)`, ['a'], undefined, { events: { key: 'customer_id' } }),
    'invalid-value',
    'a',
    /needs a 'time' on data events/,
  );
});

test('windows share one row range per (table, duration, as_of) and join on the primary key', () => {
  const plan = planOf(
    `feature m = window_mean(orders.v, 30d, as_of = snapshot_at)
     feature s = window_sum(orders.v, 30d, as_of = customers.snapshot_at)
     feature c = window_count(orders.v, 7d, as_of = snapshot_at)`,
    ['m', 's', 'c'],
  );
  const ranges = plan.nodes.filter((n) => n.kind === 'range');
  assert.equal(ranges.length, 2);
  const key = plan.nodes[ranges[0].kind === 'range' ? ranges[0].keyInput : -1];
  assert.equal(key.kind === 'column' && key.column, 'customer_id');
});

test('calls and windows met again are one node; other literals, aggregates, durations or inputs are not; keys spell their inputs', () => {
  const source = `feature base = fill_missing(tenure_days, 0)
     feature again = fill_missing(customers.tenure_days, 0)
     feature c1 = clip(base, 0, 1)
     feature c2 = clip(again, 0, 1)
     feature c3 = clip(base, 0, 2)
     feature c4 = clip(log1p(base), 0, 1)
     feature w1 = window_mean(orders.v, 30d, as_of = snapshot_at)
     feature w2 = window_mean(orders.v, 30d, as_of = customers.snapshot_at)
     feature w3 = window_sum(orders.v, 30d, as_of = snapshot_at)
     feature w4 = window_mean(orders.v, 7d, as_of = snapshot_at)
     feature w5 = window_mean(orders.v, 30d)
     feature w6 = window_mean(orders.w, 30d, as_of = snapshot_at)
     feature s1 = standardize(w1)
     feature s2 = standardize(w2)`;
  const names = ['c1', 'c2', 'c3', 'c4', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 's1', 's2'];
  const plan = planOf(source, names);
  const node = (f: string) => plan.outputs[names.indexOf(f)].node;
  assert.equal(node('c1'), node('c2'));
  assert.equal(node('w1'), node('w2'));
  assert.equal(node('s1'), node('s2'));
  assert.equal(new Set(['c1', 'c3', 'c4', 'w1', 'w3', 'w4', 'w5', 'w6', 's1'].map(node)).size, 9);
  // Windows over one range of rows share its node, whatever column or aggregate they read.
  const range = (f: string) => (n => (n.kind === 'window' ? n.range : -1))(plan.nodes[node(f)]);
  assert.equal(new Set(['w1', 'w3', 'w6'].map(range)).size, 1);
  assert.equal(new Set(['w1', 'w4', 'w5'].map(range)).size, 3);
  // Each key is the one the feature's own plan gives: its inputs' keys spelled out.
  for (const f of names) assert.equal(plan.nodes[node(f)].key, planOf(source, [f]).nodes[planOf(source, [f]).outputs[0].node].key, f);
  assert.equal(plan.nodes[node('s1')].key, 'standardize(window_mean(orders.v, rows(orders, 2592000s, key=customers.customer_id, as_of=time(customers.snapshot_at))), fit=train)');
  assert.equal(new Set(plan.nodes.map((n) => n.key)).size, plan.nodes.length, 'one node per key');
});

test("a call met again by its literal arguments' values: each argument by its own place, a number apart from a string, a list by its items", () => {
  const source = `feature base = fill_missing(tenure_days, 0)
     feature k1 = clip(base, -1, 2)
     feature k2 = clip(base, -(1), (2))
     feature k3 = clip(base, 2, 3)
     feature m1 = min_max(base, min = 1, max = 4)
     feature m2 = min_max(base, max = 4, min = 1)
     feature m3 = min_max(base, min = 1)
     feature m4 = min_max(base, max = 1)
     feature m5 = min_max(base, min = 1, fit = all)
     feature f1 = fill_missing(plan, 1)
     feature f2 = fill_missing(plan, "1")
     feature b1 = bucketize(base, [1, 2])
     feature b2 = bucketize(base, [1, 2])
     feature b3 = bucketize(base, [1, 2, 3])
     feature b4 = bucketize(base, [1, 3])
     feature o1 = one_hot(plan, vocabulary = [1, "a"])
     feature o2 = one_hot(plan, vocabulary = ["1", "a"])
     feature o3 = one_hot(plan, vocabulary = [1, "a"])`;
  const names = ['k1', 'k2', 'k3', 'm1', 'm2', 'm3', 'm4', 'm5', 'f1', 'f2', 'b1', 'b2', 'b3', 'b4', 'o1', 'o2', 'o3'];
  const plan = planOf(source, names);
  const node = (f: string) => plan.outputs[names.indexOf(f)].node;
  for (const [a, b] of [['k1', 'k2'], ['m1', 'm2'], ['b1', 'b2'], ['o1', 'o3']]) assert.equal(node(a), node(b), `${a} and ${b}`);
  const apart = ['k1', 'k3', 'm1', 'm3', 'm4', 'm5', 'f1', 'f2', 'b1', 'b3', 'b4', 'o1', 'o2'];
  assert.equal(new Set(apart.map(node)).size, apart.length);
  // Each is the node its own plan gives, by its key: the look-up by parts merges nothing its key would not.
  for (const f of names) assert.equal(plan.nodes[node(f)].key, planOf(source, [f]).nodes[planOf(source, [f]).outputs[0].node].key, f);
  assert.equal(new Set(plan.nodes.map((n) => n.key)).size, plan.nodes.length, 'one node per key');
});

test('featureDependencies: bare names are features first, else primary columns; keywords and literals are not names', () => {
  const features = featuresOf(`
    feature avg = fill_missing(window_mean(orders.order_value, 90d, as_of = snapshot_at), 0)
    feature z = standardize(avg, fit = all) + tenure_days * customers.monthly
    feature p = one_hot(plan, vocabulary = ["a", "b"])`);
  assert.deepEqual(featureDependencies(features.get('z')!, features), {
    features: ['avg'],
    columns: [{ column: 'tenure_days' }, { table: 'customers', column: 'monthly' }],
  });
  assert.deepEqual(featureDependencies(features.get('avg')!, features), {
    features: [],
    columns: [{ table: 'orders', column: 'order_value' }, { column: 'snapshot_at' }],
  });
  assert.deepEqual(featureDependencies(features.get('p')!, new Set(['p'])), { features: [], columns: [{ column: 'plan' }] });
});

test('fittedStatistics: a feature is fitted unless every statistic is literal; bucketize only with n', () => {
  const f = featuresOf(`
    feature a = standardize(x)
    feature b = standardize(x, mean = 1, std = 2)
    feature c = standardize(x, mean = 1)
    feature d = bucketize(x, [1, 2])
    feature e = bucketize(x, n = 4)
    feature g = log1p(one_hot(x))
    feature h = one_hot(x, vocabulary = [1, 2])
    feature i = min_max(x, min = 0, max = 1) + 1`);
  const fitted = Object.fromEntries([...f].map(([k, v]) => [k, someNode(v, (n) => n.kind === 'Call' && fittedStatistics(n).length > 0)]));
  assert.deepEqual(fitted, { a: true, b: false, c: true, d: false, e: true, g: true, h: false, i: false });
});

test('coveredByFillMissing: a fill_missing anywhere between the read and the root covers it', () => {
  const f = featuresOf(`feature a = log1p(fill_missing(x, 0)) + y\nfeature b = fill_missing(window_mean(orders.v, 1d, as_of = t), 0)`);
  const reads = readsOf(f.get('a')!, new Set());
  const x = reads.columns.find((c) => c.column === 'x')!.node as Reference;
  const y = reads.columns.find((c) => c.column === 'y')!.node as Reference;
  assert.equal(coveredByFillMissing(f.get('a')!, x), true);
  assert.equal(coveredByFillMissing(f.get('a')!, y), false);
  const b = readsOf(f.get('b')!, new Set());
  assert.deepEqual(b.columns.map((c) => [c.column, c.covered, c.window]), [['v', true, true], ['t', true, false]]);
});

test('requiredRequestFields: every path must pass a fill_missing; the key and as_of columns are fields', () => {
  const plan = planOf(
    `feature tenure = fill_missing(tenure_days, 0)
     feature raw = tenure_days + 1
     feature avg = fill_missing(window_mean(orders.v, 30d, as_of = snapshot_at), 0)
     feature p = one_hot(fill_missing(plan, "basic"))`,
    ['tenure', 'avg', 'p'],
  );
  assert.deepEqual(requiredRequestFields(plan), [
    { column: 'tenure_days', covered: true, default: 0, defaultIn: 'tenure', absentAs: 0, features: ['tenure'], uncoveredIn: [] },
    { column: 'customer_id', covered: true, features: ['avg'], uncoveredIn: [] },
    { column: 'snapshot_at', covered: true, features: ['avg'], uncoveredIn: [] },
    { column: 'plan', covered: true, default: 'basic', defaultIn: 'p', absentAs: 'basic', features: ['p'], uncoveredIn: [] },
  ]);
  const both = planOf(`feature tenure = fill_missing(tenure_days, 0)\nfeature raw = tenure_days + 1`, ['tenure', 'raw']);
  assert.deepEqual(requiredRequestFields(both), [{ column: 'tenure_days', covered: false, default: 0, defaultIn: 'tenure', features: ['tenure', 'raw'], uncoveredIn: ['raw'] }]);
  // The fill is named by the feature that holds it, not the model input that reads it.
  const inner = planOf(`feature tenure = fill_missing(tenure_days, 0)
feature z = standardize(tenure)`, ['z']);
  assert.deepEqual(requiredRequestFields(inner), [{ column: 'tenure_days', covered: true, default: 0, defaultIn: 'tenure', absentAs: 0, features: ['z'], uncoveredIn: [] }]);
});

// What a request without the field reads as (/metadata's `default`): one value only where every
// reader fills it with that value; `default` stays the first fill, which serving's start compares.
test('requiredRequestFields: absentAs is the fill every reader of the column makes, and none where they differ', () => {
  const plan = planOf(
    `feature a = fill_missing(tenure_days, 0)
     feature b = bucketize(fill_missing(tenure_days, 50), [10])
     feature c = fill_missing(log1p(monthly_charges), -1)
     feature d = fill_missing(monthly_charges, 0)
     feature e = fill_missing(support_tickets, 2)
     feature f = standardize(fill_missing(support_tickets, 2))`,
    ['a', 'b', 'c', 'd', 'e', 'f'],
  );
  assert.deepEqual(
    requiredRequestFields(plan).map((f) => [f.column, f.covered, f.default, f.absentAs]),
    [
      ['tenure_days', true, 0, undefined],
      ['monthly_charges', true, 0, undefined],
      ['support_tickets', true, 2, 2],
    ],
  );
});

// A fill of what a transform computed from a column fills training's rows without the column
// after the transform; a serve default would fill the column before it (skew the check and
// serving's start report). Windows' as_of and key are skew/window-default's, not followed.
test('requiredRequestFields: filledAfter names the first fill of a transform of the column, outside windows', () => {
  const plan = planOf(
    `feature z = fill_missing(standardize(tenure_days), 0)
     feature w = fill_missing(log1p(tenure_days) + standardize(fill_missing(support_tickets, 1)), 5)
     feature avg = fill_missing(window_mean(orders.v, 30d, as_of = snapshot_at), 0)`,
    ['z', 'w', 'avg'],
  );
  assert.deepEqual(
    requiredRequestFields(plan).map((f) => [f.column, f.covered, f.default, f.filledAfter]),
    [
      ['tenure_days', true, undefined, { value: 0, feature: 'z' }],
      // Its own fill stands between: training's rows without it get 1, as a default of 1 does.
      ['support_tickets', true, 1, undefined],
      ['customer_id', true, undefined, undefined],
      ['snapshot_at', true, undefined, undefined],
    ],
  );
});

// Three windows share as_of = snapshot_at; two are wrapped in fill_missing. A request without
// snapshot_at was refused as "read by 'avg', 'n', 'z'", sending the user to wrap windows that
// already were: only 'n' leaves it uncovered.
test('requiredRequestFields names only the model inputs that leave a field uncovered', () => {
  const plan = planOf(
    `feature avg = fill_missing(window_mean(orders.v, 30d, as_of = snapshot_at), 0)
     feature n = window_count(orders.v, 30d, as_of = snapshot_at)
     feature z = standardize(log1p(avg))`,
    ['avg', 'n', 'z'],
  );
  const at = requiredRequestFields(plan).find((f) => f.column === 'snapshot_at')!;
  assert.deepEqual([at.covered, at.features, at.uncoveredIn], [false, ['avg', 'n', 'z'], ['n']]);
});
