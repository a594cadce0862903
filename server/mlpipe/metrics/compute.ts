import { accuracy, auc, f1, logLoss, precision, recall } from './classification.js';
import { mae, r2, rmse } from './regression.js';
import type { Numbers } from './inputs.js';
import type { MetricName } from './table.js';

export type Task = 'binary' | 'multiclass' | 'regression';

/**
 * Every metric that fits the task. Binary: `yPred` = probability of class 1 per row.
 * Multiclass: row-major class probabilities, `classes` columns (required). Regression: values.
 */
export function computeMetrics(task: Task, yTrue: Numbers, yPred: Numbers, classes?: number): Partial<Record<MetricName, number>> {
  if (task === 'regression') return { rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred) };
  const k = task === 'binary' ? 2 : classes;
  if (k === undefined || !Number.isInteger(k) || k < 2 || (task === 'multiclass' && k < 3)) {
    throw new RangeError(`computeMetrics: task ${task} needs classes (an integer >= ${task === 'binary' ? 2 : 3}), got ${classes}`);
  }
  return {
    accuracy: accuracy(yTrue, yPred, k),
    auc: auc(yTrue, yPred, k),
    precision: precision(yTrue, yPred, k),
    recall: recall(yTrue, yPred, k),
    f1: f1(yTrue, yPred, k),
    log_loss: logLoss(yTrue, yPred, k),
  };
}
