import type { Task } from '../language/keywords.js';

/**
 * Which metric fits which task and which way is better. The checker validates `require` lines
 * against this table and the evaluation gates read `higherIsBetter` from it, so a metric's
 * meaning is stated once.
 */
export type MetricTaskFamily = Task;

export interface MetricInfo {
  tasks: MetricTaskFamily[];
  higherIsBetter: boolean;
  /** The values the metric can take: a gate's threshold outside them can never pass, or always does. */
  range: ValueRange;
  description: string;
}

/** The closed interval a metric or a drift statistic lies in; an open end is an infinity. */
export interface ValueRange {
  min: number;
  max: number;
}

export const METRICS = {
  accuracy: {
    tasks: ['classification'],
    higherIsBetter: true,
    range: { min: 0, max: 1 },
    description: 'share of rows whose predicted class (p > 0.5, or the arg-max class) equals the label',
  },
  auc: {
    tasks: ['classification'],
    higherIsBetter: true,
    range: { min: 0, max: 1 },
    description: 'area under the ROC curve (ties averaged, as scikit-learn); multiclass: one-vs-rest, macro average',
  },
  precision: {
    tasks: ['classification'],
    higherIsBetter: true,
    range: { min: 0, max: 1 },
    description: 'tp / (tp + fp) of the positive class; multiclass: macro average; 0 when nothing is predicted positive',
  },
  recall: {
    tasks: ['classification'],
    higherIsBetter: true,
    range: { min: 0, max: 1 },
    description: 'tp / (tp + fn) of the positive class; multiclass: macro average; 0 when there are no positives',
  },
  f1: {
    tasks: ['classification'],
    higherIsBetter: true,
    range: { min: 0, max: 1 },
    description: 'harmonic mean of precision and recall, 2tp / (2tp + fp + fn); multiclass: macro average',
  },
  log_loss: {
    tasks: ['classification'],
    higherIsBetter: false,
    range: { min: 0, max: Infinity },
    description: 'mean cross-entropy of the predicted probabilities, clipped to [1e-15, 1 - 1e-15]',
  },
  rmse: {
    tasks: ['regression'],
    higherIsBetter: false,
    range: { min: 0, max: Infinity },
    description: 'root mean squared error',
  },
  mae: {
    tasks: ['regression'],
    higherIsBetter: false,
    range: { min: 0, max: Infinity },
    description: 'mean absolute error',
  },
  r2: {
    tasks: ['regression'],
    higherIsBetter: true,
    range: { min: -Infinity, max: 1 },
    description: 'coefficient of determination, 1 - SS_res / SS_tot (1 or 0 for a constant target, not computed for one row, as scikit-learn)',
  },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/** The metrics that fit a task family, in table order. */
export function metricsFor(family: MetricTaskFamily): MetricName[] {
  return METRIC_NAMES.filter((m) => (METRICS[m].tasks as readonly MetricTaskFamily[]).includes(family));
}

/** True when `a` is a better value of `metric` than `b` (strictly). */
export function isBetter(metric: MetricName, a: number, b: number): boolean {
  return METRICS[metric].higherIsBetter ? a > b : a < b;
}
