import { accuracy, auc, f1, logLoss, precision, recall } from './classification.js';
import { mae, r2, rmse } from './regression.js';
import type { Numbers } from './inputs.js';
import type { MetricName } from './table.js';
import type { TrainTask } from '../language/keywords.js';

/** The training engine's task (the language's `classification` split by class count). */
export type Task = TrainTask;

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

/**
 * Why a metric of the task came out as no number, in words for a gate that reads "not computed":
 * AUC needs both outcomes among the test rows, which a small or time-ordered test split may not
 * hold; r2 needs two test rows. Undefined when the metric has a value or no reason is known.
 * `rows`: whose rows `yTrue` holds: the test split's (a gate), or the rows `compare_to` scored
 * both versions on (the words then fit after `not computed vs not computed`).
 */
export function notComputedReason(metric: string, task: Task, yTrue: Numbers, computed: Partial<Record<MetricName, number>>, rows: 'test split' | 'compared' = 'test split'): string | undefined {
  const v = computed[metric as MetricName];
  if (v !== undefined && !Number.isNaN(v)) return undefined;
  if (v === undefined) return `not a metric of a ${task === 'regression' ? 'regression' : 'classification'}`;
  if (yTrue.length === 0) return 'the test split is empty';
  if (metric === 'auc') {
    const first = yTrue[0];
    let one = true;
    for (let i = 1; i < yTrue.length && one; i++) one = yTrue[i] === first;
    if (one && rows === 'compared') return yTrue.length === 1 ? 'one row, so one class, and AUC needs two' : `those ${yTrue.length} rows all hold one class, and AUC needs two`;
    if (one) return yTrue.length === 1 ? "the test split has one row, so one class, and AUC needs two" : `the test split's ${yTrue.length} rows all hold one class, and AUC needs two`;
  }
  if (metric === 'r2' && yTrue.length === 1) return rows === 'compared' ? 'one row, and r2 needs two' : 'the test split has one row, and r2 needs two';
  return undefined;
}

/**
 * Why a metric has the value it has when the test rows, not the model, decide it: r2 over rows
 * that all hold one target value has no variance to explain, so it is 1 when every prediction is
 * exactly that value and 0 otherwise (scikit-learn's convention for a score that is undefined
 * there), and a gate such as `r2 >= 0.5` fails whatever the model learned. Undefined otherwise.
 * `rows` as for `notComputedReason`.
 */
export function constantTargetReason(metric: string, yTrue: Numbers, computed: Partial<Record<MetricName, number>>, rows: 'test split' | 'compared' = 'test split'): string | undefined {
  const v = computed[metric as MetricName];
  if (metric !== 'r2' || v === undefined || Number.isNaN(v) || yTrue.length < 2) return undefined;
  const first = yTrue[0];
  for (let i = 1; i < yTrue.length; i++) if (yTrue[i] !== first) return undefined;
  const held = rows === 'compared' ? `those ${yTrue.length} rows all hold` : `the test split's ${yTrue.length} rows all hold`;
  return `${held} one target value, ${first}, which leaves r2 no variance to explain: it is 1 when every prediction is exactly ${first}, else 0 (as scikit-learn); gate on rmse or mae, or test on rows where the target varies`;
}

/** Why a gate's metric is not computed, or is what the test rows make it: `notComputedReason`, then `constantTargetReason`. */
export function metricReason(metric: string, task: Task, yTrue: Numbers, computed: Partial<Record<MetricName, number>>, rows: 'test split' | 'compared' = 'test split'): string | undefined {
  return notComputedReason(metric, task, yTrue, computed, rows) ?? constantTargetReason(metric, yTrue, computed, rows);
}
