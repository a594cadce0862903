import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const withCompare = edit(basePipeline(), 'evaluate {\n', 'evaluate {\n  compare_to = production\n');
const found = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && /'compare_to' compares with a version of the registered model/.test(d.message));

test("'compare_to' without a register block gates nothing: invalid-value on its value", () => {
  const text = edit(edit(withCompare, 'register churn_model {\n  from = m\n}\n', ''), 'model = churn_model@production', 'model = m');
  const ds = found(text);
  assert.equal(ds.length, 1, JSON.stringify(checkText(text).map((d) => d.code)));
  assert.equal(text.slice(ds[0].start, ds[0].end), 'production');
});

test("'compare_to' with a register block is clean", () => {
  assert.deepEqual(found(withCompare), []);
  assert.deepEqual(checkText(withCompare).filter((d) => d.severity === 'error'), []);
});
