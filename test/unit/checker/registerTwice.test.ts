import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

// A run registers its model under the first register block that takes it; a second one never got
// a version, and serving it said "not registered yet: train the pipeline first" after every run.
const found = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && /is already registered as/.test(d.message));

test('a second register block taking the same model is invalid-value on its from', () => {
  const text = edit(basePipeline(), 'register churn_model {\n  from = m\n}\n', 'register churn_model {\n  from = m\n}\n\nregister churn_prod {\n  from  = m\n  stage = production\n}\n');
  const ds = found(text);
  assert.equal(ds.length, 1, JSON.stringify(checkText(text).map((d) => d.code)));
  assert.equal(text.slice(ds[0].start, ds[0].end), 'm');
  assert.ok(ds[0].start > text.indexOf('register churn_prod'));
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /^model 'm' is already registered as 'churn_model': .* so 'churn_prod' would never get a version/);
});

test('register blocks taking different models are clean', () => {
  const two = edit(
    edit(basePipeline(), 'register churn_model {\n  from = m\n}\n', 'register churn_model {\n  from = m\n}\n\nregister other_model {\n  from = m2\n}\n'),
    'model m {',
    'model m2 {\n  kind   = logistic\n  inputs = [tenure]\n  seed   = 1\n}\n\nmodel m {',
  );
  assert.deepEqual(found(two), []);
  assert.deepEqual(found(basePipeline()), []);
});
