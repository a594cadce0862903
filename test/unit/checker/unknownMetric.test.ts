/**
 * An unknown metric in a `require` line lists the metrics of the pipeline's task, and suggests
 * only those: a classification pipeline was told to use 'rmse', 'mae' or 'r2' (and `rmsee` was
 * "did you mean 'rmse'?"), each of which is the next error there (a metric of the other task).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const unknown = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && d.message.startsWith('unknown metric'));

test("an unknown metric lists and suggests the task's metrics only", { timeout: 30_000 }, () => {
  const classification = edit(basePipeline(), 'require auc >= 0.7', 'require pr_auc >= 0.2');
  const [d] = unknown(classification);
  assert.equal(d?.message, "unknown metric 'pr_auc': use 'accuracy', 'auc', 'precision', 'recall', 'f1', 'log_loss'");
  const [typo] = unknown(edit(basePipeline(), 'require auc >= 0.7', 'require rmsee <= 0.2'));
  assert.doesNotMatch(typo!.message, /rmse'|'mae'|'r2'/, typo!.message);
  const regression = edit(edit(basePipeline(), 'require auc >= 0.7', 'require rmsee <= 0.2'), '  seed   = 7\n', '  seed   = 7\n  task   = regression\n');
  const [r] = unknown(regression);
  assert.equal(r?.message, "unknown metric 'rmsee': use 'rmse', 'mae', 'r2'. Did you mean 'rmse'?");
});
