/**
 * 'kind = logistic' on a regression is refused by the trainer's architecture: the checker says
 * so at 'kind' (found by the generated end-to-end agreement in test/agreement/files.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { architecture } from '../../../server/backend/train/spec.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withModel = (kind: string, task: string) => {
  const text = edit(basePipeline(), '  kind   = mlp\n', `  kind   = ${kind}\n  task   = ${task}\n`);
  return task === 'regression' ? edit(text, 'require auc >= 0.7', 'require rmse <= 100') : text;
};
const refused = (kind: 'logistic' | 'linear', task: 'regression' | 'binary') => {
  try {
    architecture({ x: new Float32Array(2), rows: 1, cols: 2, y: new Float32Array(1), task, kind });
    return false;
  } catch {
    return true;
  }
};

describe("a classify-only kind on a regression", () => {
  it("is 'invalid-value' at 'kind', and the trainer refuses it", () => {
    const text = withModel('logistic', 'regression');
    const errors = checkText(text).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(text.slice(errors[0].start, errors[0].end), 'logistic');
    assert.match(errors[0].message, /a 'logistic' model can only classify, and model 'm' learns a regression: use kind linear or mlp/);
    assert.ok(refused('logistic', 'regression'));
  });

  it('its near misses (linear on a regression, logistic on a classification) are clean and trained', () => {
    assert.deepEqual(checkText(withModel('linear', 'regression')).filter((d) => d.severity === 'error'), []);
    assert.deepEqual(checkText(withModel('logistic', 'classification')).filter((d) => d.severity === 'error'), []);
    assert.ok(!refused('linear', 'regression'));
    assert.ok(!refused('logistic', 'binary'));
  });
});
