import { isBetter, METRICS, type MetricName } from '../metrics/table.js';
import type { ComparisonResult } from '../../protocol/tracking.js';
import type { CompareOp } from '../syntax/ast.js';

export interface Requirement {
  metric: string;
  op: CompareOp;
  threshold: number;
}

export interface GateOutcome {
  metric: string;
  op: CompareOp;
  threshold: number;
  /** Null when the metric could not be computed for this task. */
  actual: number | null;
  passed: boolean;
  /** Why `actual` is null, or why a failed gate's value is the test rows' doing, when known (`metricReason`). */
  reason?: string;
}

/** One `compare_to` judgement: its one shape is the run store's and the CLI's schema. */
export type Comparison = ComparisonResult;

/** The incumbent's side of `compare_to`: its metrics and what they were measured on. */
export interface Incumbent {
  version: number;
  metrics: Record<string, number | undefined>;
  basis: 'test-rows' | 'recorded';
  rows?: number;
  /** This run's test rows left out because the incumbent trained on them (`test-rows` only). */
  trainedOn?: number;
  why?: string;
}

export function compare(actual: number, op: CompareOp, threshold: number): boolean {
  switch (op) {
    case '>':
      return actual > threshold;
    case '>=':
      return actual >= threshold;
    case '<':
      return actual < threshold;
    case '<=':
      return actual <= threshold;
  }
}

/** A metric's value, or null when it was not computed (absent, or NaN). */
function computed(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/**
 * Checks every `require` against the test-split metrics. A metric that was not computed fails its
 * gate, with `why` it was not, when known; a gate that fails on a computed value gets `why` too
 * (r2 over test rows of one target value is 0 whatever the model learned).
 */
export function evaluateGates(requirements: Requirement[], metrics: Record<string, number | undefined>, why?: (metric: string) => string | undefined): GateOutcome[] {
  return requirements.map((r) => {
    const actual = computed(metrics[r.metric]);
    const passed = actual !== null && compare(actual, r.op, r.threshold);
    const reason = passed ? undefined : why?.(r.metric);
    return { ...r, actual, passed, ...(reason ? { reason } : {}) };
  });
}

/**
 * `compare_to`: the candidate must not be worse than the version at that stage on any metric the
 * gates name (in each metric's own direction). No incumbent means nothing to be worse than.
 * `candidate` holds the candidate's metrics on the rows the incumbent was measured on; `why` says
 * why a candidate metric was not computed (the comparison then fails as not compared, not worse).
 */
export function compareWithIncumbent(stage: string, metricNames: string[], candidate: Record<string, number | undefined>, incumbent?: Incumbent, why?: (metric: string) => string | undefined): Comparison[] {
  return [...new Set(metricNames)].map((metric) => {
    // NaN (AUC over one class) is not computed, as the gates read it: it compared as "not worse"
    // and was stored as a null that passed.
    const c = computed(candidate[metric]);
    if (!incumbent) return { stage, metric, candidate: c, incumbent: null, passed: true };
    const i = computed(incumbent.metrics[metric]);
    // Not worse: the incumbent is not strictly better (a tie passes).
    const passed = c !== null && (i === null || !(metric in METRICS && isBetter(metric as MetricName, i, c)));
    const basis =
      incumbent.basis === 'test-rows'
        ? { basis: incumbent.basis, rows: incumbent.rows, ...(incumbent.trainedOn ? { trainedOn: incumbent.trainedOn } : {}) }
        : { basis: incumbent.basis, why: incumbent.why };
    const reason = c === null ? why?.(metric) : undefined;
    return { stage, version: incumbent.version, metric, candidate: c, incumbent: i, passed, ...basis, ...(reason ? { reason } : {}) };
  });
}
