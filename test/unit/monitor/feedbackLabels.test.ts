import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedbackClassOf, readFeedbackLabel } from '../../../server/backend/monitor/feedbackLabels.js';

test('a classifier takes the classes it learned, as text or number; nothing else', () => {
  assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], 1), { label: '1' });
  assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], '0'), { label: '0' });
  assert.deepEqual(readFeedbackLabel('binary', ['no', 'yes'], 'yes'), { label: 'yes' });
  assert.deepEqual(readFeedbackLabel('binary', ['no', 'yes'], 'Yes'), { problem: "'Yes' is not a class the model learned: use 'no', 'yes'" });
  assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], 2), { problem: "'2' is not a class the model learned: use '0', '1'" });
  assert.deepEqual(readFeedbackLabel('multiclass', ['setosa', 'versicolor', 'virginica'], 'virginica'), { label: 'virginica' });
  assert.match(readFeedbackLabel('multiclass', ['setosa', 'versicolor', 'virginica'], 'rose').problem!, /'rose' is not a class/);
});

test("a numeric target's classes are keyed by value, as training keyed its cells: pandas' 1.0 is the class 1", () => {
  for (const spelling of ['1.0', '1', '01', '1e0', 1, 1.0]) assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], spelling), { label: '1' }, String(spelling));
  assert.deepEqual(readFeedbackLabel('multiclass', ['-1', '0', '2.5'], '2.50'), { label: '2.5' });
  // Spaces are kept, as the loader keeps them: ' 1' in a training column is a text class of its own.
  for (const spaced of [' 1 ', ' 1', '1 ']) assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], spaced), { problem: `'${spaced}' is not a class the model learned: use '0', '1'` }, spaced);
  assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], '1.5'), { problem: "'1.5' is not a class the model learned: use '0', '1'" });
  // Text classes compare as written: '1.0' is not the class '1' of a column that also held 'x'.
  assert.deepEqual(readFeedbackLabel('multiclass', ['1', '2', 'x'], '1.0'), { problem: "'1.0' is not a class the model learned: use '1', '2', 'x'" });
  assert.deepEqual(readFeedbackLabel('multiclass', ['1', '2', 'x'], 1), { label: '1' });
});

test('a regressor takes finite numbers, as numbers or numeric text', () => {
  for (const ok of [3.5, -2, 0, '12.25', '1e3']) assert.deepEqual(readFeedbackLabel('regression', undefined, ok), { label: String(ok) }, String(ok));
  for (const bad of ['high', '', 'NaN', 'Infinity', ' 7 ', Number.NaN]) assert.deepEqual(readFeedbackLabel('regression', undefined, bad), { problem: `'${bad}' is not a number, and the model predicts values` }, String(bad));
});

test('a regressor refuses a label beyond float32, as a training target is refused: the quality metrics would be infinite', () => {
  for (const ok of [3e38, -3e38, '1e30']) assert.equal(readFeedbackLabel('regression', undefined, ok).problem, undefined, String(ok));
  for (const bad of [1e300, -1e39, '1e300'])
    assert.deepEqual(
      readFeedbackLabel('regression', undefined, bad),
      { problem: `'${bad}' is beyond float32's range (about ±3.4e38), as no training target may be: no prediction reaches it, and the quality metrics would be infinite` },
      String(bad),
    );
});

test('a JSON boolean is the one class that is its word in any case, else its word (refused by the class check)', () => {
  assert.equal(feedbackClassOf(['False', 'True'], true), 'True');
  assert.equal(feedbackClassOf(['False', 'True'], false), 'False');
  assert.equal(feedbackClassOf(['false', 'true'], true), 'true');
  assert.equal(feedbackClassOf(['FALSE', 'TRUE'], false), 'FALSE');
  // Two spellings of one word: the word as JSON writes it, which is one of them.
  assert.equal(feedbackClassOf(['True', 'true', 'x'], true), 'true');
  assert.equal(feedbackClassOf(['0', '1'], true), 'true');
  assert.equal(feedbackClassOf(undefined, false), 'false');
  assert.deepEqual(readFeedbackLabel('binary', ['False', 'True'], true), { label: 'True' });
  assert.deepEqual(readFeedbackLabel('binary', ['0', '1'], true), { problem: "'true' is not a class the model learned: use '0', '1'" });
  assert.deepEqual(readFeedbackLabel('regression', undefined, false), { problem: "'false' is not a number, and the model predicts values" });
});
