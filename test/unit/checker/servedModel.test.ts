import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const base = basePipeline();
const about = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && /is a model, and serving loads versions of a registered model/.test(d.message));

test('serving a model block by its own name is invalid-value; the fix names the registered model made from it', () => {
  for (const ref of ['m', 'm@production', 'm@3']) {
    const text = edit(base, 'model = churn_model@production', `model = ${ref}`);
    const found = about(text);
    assert.equal(found.length, 1, ref);
    assert.equal(text.slice(found[0].start, found[0].end), 'm');
    assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'churn_model' });
  }
  // No register block makes one: the message says how to, and no fix guesses.
  const bare = edit(edit(base, 'register churn_model {\n  from = m\n}\n', ''), 'model = churn_model@production', 'model = m');
  const found = about(bare);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /add 'register m_model \{ from = m \}' and serve that name/);
  assert.equal(found[0].data, undefined);
});

test('serving a registered model, at a stage or a version, is clean', () => {
  for (const ref of ['churn_model', 'churn_model@production', 'churn_model@staging', 'churn_model@2']) assert.deepEqual(about(edit(base, 'model = churn_model@production', `model = ${ref}`)), [], ref);
});
