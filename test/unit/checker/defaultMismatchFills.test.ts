/**
 * `skew/missing-default-mismatch` compares each serve default with the fills of its column in
 * every feature the served model reads (the features added here are its inputs): the first feature (in declaration order) filling it with another value is
 * named, at its first such fill; a bare name is the column only where no feature has that name;
 * a qualified one must name the primary table. After an edit, the memo gives what a fresh check does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, checkText, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

const withDefaults = (text: string, lines: string) => edit(text, 'serve {\n  model = churn_model@production\n}', `serve {\n  model = churn_model@production\n  defaults {\n${lines}\n  }\n}`);
const withFeatures = (lines: string) => {
  // Added as inputs of the served model: a feature no request reaches is not compared.
  const names = [...lines.matchAll(/^feature (\w+)/gm)].map((m) => m[1]);
  return edit(edit(basePipeline(), 'feature plan    =', `${lines}\nfeature plan    =`), 'inputs = [tenure, spend_z, plan]', `inputs = [tenure, spend_z, plan, ${names.join(', ')}]`);
};
const mismatches = (text: string, host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json'])) =>
  analyze(text, host)
    .diagnostics.filter((d) => d.code === 'skew/missing-default-mismatch')
    .map((d) => d.message);

test('the first feature filling the column with another value is named, with its first differing fill', () => {
  // tenure (fill 0, the same as the default) comes first: a later feature's 7, then 9, are named.
  const text = withDefaults(withFeatures('feature a = fill_missing(tenure_days, 0) + fill_missing(tenure_days, 7) + fill_missing(tenure_days, 9)\nfeature b = fill_missing(customers.tenure_days, 5)'), '    tenure_days = 0');
  const ms = mismatches(text);
  assert.equal(ms.length, 1);
  assert.match(ms[0], /'a'/);
  assert.match(ms[0], /\b7\b/);
  assert.doesNotMatch(ms[0], /\b9\b/);
});

test('a qualified fill of the primary table counts; of another table, or a bare name a feature has, does not', () => {
  assert.match(mismatches(withDefaults(withFeatures('feature b = fill_missing(customers.tenure_days, 5)'), '    tenure_days = 0'))[0], /'b'/);
  assert.deepEqual(mismatches(withDefaults(withFeatures('feature b = fill_missing(orders.order_value, 5)'), '    order_value = 0')), []);
  // 'tenure' is a feature: fill_missing(tenure, 5) fills the feature, not a column named like it.
  assert.deepEqual(mismatches(withDefaults(withFeatures('feature b = fill_missing(tenure, 5)'), '    tenure = 0')), []);
  assert.deepEqual(checkText(withDefaults(basePipeline(), '    tenure_days = 0')).filter((d) => d.code === 'skew/missing-default-mismatch'), []);
});

test('with the memo, an edit of a fill gives what a fresh check gives', () => {
  const host = { ...memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']), memo: new CheckMemo() };
  const texts = ['0', '5', '0', '"x"', '0'].map((v) => withDefaults(withFeatures(`feature b = fill_missing(customers.tenure_days, ${v})`), '    tenure_days = 0'));
  for (const text of texts) assert.deepEqual(mismatches(text, host), mismatches(text), text.split('\n').find((l) => l.startsWith('feature b')));
});

test('without the data, a default is a mismatch only when it differs however the column is read', () => {
  // `mlpipe serve` checks its serve block without data: a quoted "0" on a numeric column (clean
  // with the data) was refused there, so a clean check did not mean the pipeline serves.
  const text = (v: string) => withDefaults(basePipeline(), `    tenure_days = ${v}`);
  for (const same of ['0', '"0"', '0.0']) {
    assert.deepEqual(mismatches(text(same)), [], `${same}, with the data`);
    assert.deepEqual(mismatches(text(same), memoryHost({}, ['package-lock.json'])), [], `${same}, without the data`);
  }
  for (const other of ['5', '"5"', '-1']) {
    assert.equal(mismatches(text(other)).length, 1, `${other}, with the data`);
    assert.equal(mismatches(text(other), memoryHost({}, ['package-lock.json'])).length, 1, `${other}, without the data`);
  }
});

test("a default for a column whose missing values training fills only after a transform is a mismatch: the request is scored as one sending the default", () => {
  const text = withDefaults(withFeatures('feature z = fill_missing(standardize(customers.support_tickets), 0)'), '    support_tickets = 3');
  assert.deepEqual(mismatches(text), [
    `serving fills a missing 'support_tickets' with 3, but feature 'z' leaves it missing and fills what it computes from it with 0 in training: a request without 'support_tickets' is scored as one sending 3; drop this default so it gets training's fill`,
  ]);
  // Without the data too (serving's own check at start has none).
  assert.equal(mismatches(text, memoryHost({}, ['package-lock.json'])).length, 1);
  // A default that is a missing value fills nothing: the request gets training's fill.
  assert.deepEqual(mismatches(withDefaults(withFeatures('feature z = fill_missing(standardize(customers.support_tickets), 0)'), '    support_tickets = "NA"')), []);
  // A fill of the column itself between them: the default is compared with that fill alone.
  assert.deepEqual(mismatches(withDefaults(withFeatures('feature z = fill_missing(standardize(fill_missing(support_tickets, 3)), 0)'), '    support_tickets = 3')), []);
  // A window's as_of under a fill is skew/window-default's (the base pipeline's 'spend').
  assert.deepEqual(mismatches(withDefaults(basePipeline(), '    snapshot_at = "2025-06-01"')), []);
  // However the fill's input is written: another feature, an operator, parentheses.
  for (const features of [
    'feature s = standardize(customers.support_tickets)\nfeature z = fill_missing(s, 0)',
    'feature z = fill_missing(customers.support_tickets * 2, 0)',
    'feature z = fill_missing((log1p(support_tickets)), 0)',
  ])
    assert.equal(mismatches(withDefaults(withFeatures(features), '    support_tickets = 3')).length, 1, features);
});
