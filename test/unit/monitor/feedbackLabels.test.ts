import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedbackLabelProblem } from '../../../server/backend/monitor/feedbackLabels.js';

test('a classifier takes the classes it learned, as text or number; nothing else', () => {
  assert.equal(feedbackLabelProblem('binary', ['0', '1'], 1), undefined);
  assert.equal(feedbackLabelProblem('binary', ['0', '1'], '0'), undefined);
  assert.equal(feedbackLabelProblem('binary', ['no', 'yes'], 'yes'), undefined);
  assert.equal(feedbackLabelProblem('binary', ['no', 'yes'], 'Yes'), "'Yes' is not a class the model learned: use 'no', 'yes'");
  assert.equal(feedbackLabelProblem('binary', ['0', '1'], 2), "'2' is not a class the model learned: use '0', '1'");
  assert.equal(feedbackLabelProblem('binary', ['0', '1'], '1.0'), "'1.0' is not a class the model learned: send '1'");
  assert.equal(feedbackLabelProblem('multiclass', ['setosa', 'versicolor', 'virginica'], 'virginica'), undefined);
  assert.match(feedbackLabelProblem('multiclass', ['setosa', 'versicolor', 'virginica'], 'rose')!, /'rose' is not a class/);
});

test('a regressor takes finite numbers, as numbers or numeric text', () => {
  for (const ok of [3.5, -2, 0, '12.25', ' 7 ', '1e3']) assert.equal(feedbackLabelProblem('regression', undefined, ok), undefined, String(ok));
  for (const bad of ['high', '', 'NaN', 'Infinity', Number.NaN]) assert.equal(feedbackLabelProblem('regression', undefined, bad), `'${bad}' is not a number, and the model predicts values`, String(bad));
});

test('a regressor refuses a label beyond float32, as a training target is refused: the quality metrics would be infinite', () => {
  for (const ok of [3e38, -3e38, '1e30']) assert.equal(feedbackLabelProblem('regression', undefined, ok), undefined, String(ok));
  for (const bad of [1e300, -1e39, '1e300'])
    assert.equal(
      feedbackLabelProblem('regression', undefined, bad),
      `'${bad}' is beyond float32's range (about ±3.4e38), as no training target may be: no prediction reaches it, and the quality metrics would be infinite`,
      String(bad),
    );
});
