/**
 * A unique abbreviation of a stage or keyword (`churn_model@prod`, `compare_to = prod`,
 * `optimizer = sg`) is too far from the word for the edit distance, so the message listed the
 * words with no "did you mean": the one word it begins is now suggested, with its quick fix.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

function invalid(text: string): Array<{ message: string; fix: unknown }> {
  return checkText(text)
    .filter((d) => d.code === 'invalid-value')
    .map((d) => ({ message: d.message, fix: d.data }));
}

test("'@prod' is not a stage: did you mean 'production'", () => {
  const found = invalid(edit(basePipeline(), 'churn_model@production', 'churn_model@prod'));
  assert.deepEqual(found, [
    {
      message: "'@prod' is not a stage: use '@staging', '@production', '@archived' or a version number. Did you mean 'production'?",
      fix: { fix: 'did-you-mean', name: 'production' },
    },
  ]);
});

test('a keyword attribute takes a unique abbreviation as its suggestion too; an ambiguous or one-letter one gets none', () => {
  const base = basePipeline();
  const stage = invalid(edit(base, '  from = m\n', '  from = m\n  stage = prod\n'));
  assert.equal(stage.length, 1);
  assert.match(stage[0]!.message, /^'stage' takes one of 'staging', 'production', not 'prod'\. Did you mean 'production'\?$/);
  assert.deepEqual(stage[0]!.fix, { fix: 'did-you-mean', name: 'production' });
  const one = invalid(edit(base, '  from = m\n', '  from = m\n  stage = p\n'));
  assert.equal(one.length, 1);
  assert.doesNotMatch(one[0]!.message, /Did you mean/);
  // 'ad' begins both 'adam' and 'adagrad': a guess, so none.
  const both = invalid(edit(base, 'model m {\n', 'model m {\n  optimizer = ad\n'));
  assert.equal(both.length, 1);
  assert.match(both[0]!.message, /^'optimizer' takes one of .*, not 'ad'$/);
  assert.match(invalid(edit(base, 'model m {\n', 'model m {\n  optimizer = rms\n'))[0]!.message, /not 'rms'\. Did you mean 'rmsprop'\?$/);
});
