/**
 * `skew/implicit-missing` speaks of model inputs: a column's missing values matter only where
 * they reach one without a `fill_missing` on the way (the run leaves out such rows, /predict
 * refuses such requests). A feature every reader fills is quiet; one read unfilled on the way to
 * an input, or an input itself, is reported; after an edit the memo gives what a fresh check does.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, customersCsv, edit, memoryHost, ORDERS } from './fixture.js';

// Some plans missing: 'plan' has missing cells.
const CUSTOMERS = customersCsv((row, i) => {
  if (i % 5 === 2) row[3] = '';
});
const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
const base = basePipeline(CUSTOMERS, ORDERS);
const withRaw = (plan: string, extra = '') => edit(base, 'feature plan    = one_hot(customers.plan)', `feature plan_raw = customers.plan\nfeature plan    = ${plan}${extra}`);
const missingAt = (text: string, host = memoryHost(files, ['package-lock.json'])) =>
  analyze(text, host)
    .diagnostics.filter((d) => d.code === 'skew/implicit-missing')
    .map((d) => text.slice(0, d.start).split('\n').length);

test('a raw feature its only reader fills is quiet; read unfilled by an input, it is reported at its read of the column', () => {
  assert.deepEqual(missingAt(withRaw('one_hot(fill_missing(plan_raw, "none"))')), []);
  const unfilled = withRaw('one_hot(plan_raw)');
  const line = unfilled.split('\n').findIndex((l) => l.startsWith('feature plan_raw')) + 1;
  assert.deepEqual(missingAt(unfilled), [line]);
  // Two readers, one of which fills: the other still carries the missing values to the model.
  const two = withRaw('one_hot(fill_missing(plan_raw, "none"))', '\nfeature plan2   = one_hot(plan_raw)').replace('inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, plan2]');
  assert.deepEqual(missingAt(two), [line]);
  // Not read by any model: unused-feature speaks of it, not this rule.
  assert.deepEqual(missingAt(withRaw('one_hot(fill_missing(customers.plan, "none"))')), []);
});

test('with the memo, an edit of a reader gives what a fresh check gives on the raw feature', () => {
  const host = { ...memoryHost(files, ['package-lock.json']), memo: new CheckMemo() };
  const texts = [withRaw('one_hot(fill_missing(plan_raw, "none"))'), withRaw('one_hot(plan_raw)'), withRaw('one_hot(fill_missing(plan_raw, "none"))')];
  for (const text of texts) assert.deepEqual(missingAt(text, host), missingAt(text), text.split('\n').find((l) => l.startsWith('feature plan ')));
});
