import { METRICS } from '../metrics/table.js';
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
}

export interface Comparison {
  /** Stage compared with (`compare_to`). */
  stage: string;
  /** Version compared with; absent when no version holds that stage (the comparison then passes). */
  version?: number;
  metric: string;
  candidate: number | null;
  incumbent: number | null;
  passed: boolean;
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

/** Checks every `require` against the test-split metrics. A metric that was not computed fails its gate. */
export function evaluateGates(requirements: Requirement[], metrics: Record<string, number | undefined>): GateOutcome[] {
  return requirements.map((r) => {
    const v = metrics[r.metric];
    const actual = v === undefined || Number.isNaN(v) ? null : v;
    return { ...r, actual, passed: actual !== null && compare(actual, r.op, r.threshold) };
  });
}

/**
 * `compare_to`: the candidate must not be worse than the version at that stage on any metric the
 * gates name (in each metric's own direction). No incumbent means nothing to be worse than.
 */
export function compareWithIncumbent(
  stage: string,
  metricNames: string[],
  candidate: Record<string, number | undefined>,
  incumbent?: { version: number; metrics: Record<string, number | undefined> },
): Comparison[] {
  return [...new Set(metricNames)].map((metric) => {
    const c = candidate[metric] ?? null;
    if (!incumbent) return { stage, metric, candidate: c, incumbent: null, passed: true };
    const i = incumbent.metrics[metric] ?? null;
    const higher = (METRICS as Record<string, { higherIsBetter: boolean }>)[metric]?.higherIsBetter ?? true;
    const passed = c !== null && (i === null || (higher ? c >= i : c <= i));
    return { stage, version: incumbent.version, metric, candidate: c, incumbent: i, passed };
  });
}
