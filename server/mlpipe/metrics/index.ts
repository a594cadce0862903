export { METRICS, METRIC_NAMES, isMetricName, metricsFor, isBetter } from './table.js';
export type { MetricInfo, MetricName, MetricTaskFamily } from './table.js';
export { accuracy, auc, precision, recall, f1, logLoss, predictedClass, LOG_LOSS_EPS } from './classification.js';
export { rmse, mae, r2 } from './regression.js';
export { computeMetrics, constantTargetReason, metricReason, notComputedReason } from './compute.js';
export type { Task } from './compute.js';
export type { Numbers } from './inputs.js';
