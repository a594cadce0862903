/**
 * Drift tests: a statistic compared with a threshold, either from a `drift` line or, for a
 * target without one, the spec's default (Evidently's rules).
 */
import type { CurrentSummary } from './current.js';
import { summarize } from './current.js';
import { measureSummary, type MeasuredStatistic } from './measure.js';
import type { ReferenceProfile } from './profile.js';
import { compare } from '../evaluate/gates.js';

export interface DriftTest {
  statistic: MeasuredStatistic;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
}

/** References of at most this many values get the statistical tests; larger ones the distances. */
export const SMALL_REFERENCE_ROWS = 1000;
/** Numeric targets with at most this many distinct values are tested as categories. */
export const FEW_DISTINCT_VALUES = 5;

/**
 * The spec's default test: a reference of at most 1,000 values gets KS p-value < 0.05 (numeric,
 * more than 5 distinct values) or chi-squared p-value < 0.05 (otherwise); a larger one gets
 * normalised Wasserstein >= 0.1 (numeric) or Jensen-Shannon distance >= 0.1 (categorical).
 */
export function defaultTest(profile: ReferenceProfile): DriftTest {
  if (profile.count <= SMALL_REFERENCE_ROWS) {
    if (profile.kind === 'numeric' && profile.distinct > FEW_DISTINCT_VALUES) return { statistic: 'ks_pvalue', op: '<', threshold: 0.05 };
    return { statistic: 'chi2', op: '<', threshold: 0.05 };
  }
  return profile.kind === 'numeric' ? { statistic: 'wasserstein', op: '>=', threshold: 0.1 } : { statistic: 'js', op: '>=', threshold: 0.1 };
}

/** Whether a statistic's value crosses its threshold: the same comparison as an evaluation gate. */
export function crosses(value: number, op: DriftTest['op'], threshold: number): boolean {
  return compare(value, op, threshold);
}

/** The test's value and whether it crossed; a NaN value (an empty side) never counts as drift. */
export function runTestSummary(profile: ReferenceProfile, current: CurrentSummary, test: DriftTest): { value: number; drifted: boolean } {
  const value = measureSummary(profile, current, test.statistic);
  return { value, drifted: crosses(value, test.op, test.threshold) };
}

export function runTest(profile: ReferenceProfile, current: ArrayLike<unknown>, test: DriftTest): { value: number; drifted: boolean } {
  return runTestSummary(profile, summarize(profile, current), test);
}
