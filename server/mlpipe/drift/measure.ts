/** One statistic of a live window against a reference profile, from the shared summary. */
import { statisticKindProblem, type DriftStatistic } from './catalogue.js';
import { chi2PValue } from './chi2.js';
import { liveBins, liveCategories, merged, referenceBins, referenceCategories, summarize, type CurrentSummary } from './current.js';
import { jensenShannon } from './js.js';
import { ksPValue } from './ksPvalue.js';
import { MAX_NUMERIC_CATEGORIES, type NumericProfile, type ReferenceProfile } from './profile.js';
import { psi } from './psi.js';
import { normalisedWasserstein } from './wasserstein.js';

/** What a drift test reads: a catalogue statistic, or the KS p-value of the default tests. */
export type MeasuredStatistic = DriftStatistic | 'ks_pvalue';

/**
 * The value of a statistic; NaN when either side has no values. A statistic the target's kind
 * cannot take (e.g. 'ks' of a categorical target) throws a one-line Error.
 */
export function measureSummary(profile: ReferenceProfile, current: CurrentSummary, statistic: MeasuredStatistic): number {
  const problem = statisticProblem(profile, statistic === 'ks_pvalue' ? 'ks' : statistic, 'the target');
  if (problem) throw new Error(problem);
  switch (statistic) {
    case 'psi':
      return psi(referenceBins(profile), liveBins(profile, current));
    case 'js':
      return jensenShannon(referenceBins(profile), liveBins(profile, current));
    case 'chi2':
      return chi2PValue(referenceCategories(profile)!, liveCategories(profile, current)!);
    case 'ks':
      return merged(profile as NumericProfile, current).ks;
    case 'ks_pvalue':
      return ksPValue(merged(profile as NumericProfile, current).ks, profile.count, current.count);
    case 'wasserstein':
      return normalisedWasserstein(merged(profile as NumericProfile, current).wasserstein, (profile as NumericProfile).std);
  }
}


/**
 * Why `statistic` cannot be measured on a target with this reference profile, or undefined: a
 * statistic of the other kind (`statisticKindProblem`), or `chi2` of a numeric target with more
 * distinct values than it counts as categories. Known once the profile is (at training), so
 * serving refuses such a `drift` line at start rather than failing at every window.
 */
export function statisticProblem(profile: ReferenceProfile, statistic: DriftStatistic, target: string): string | undefined {
  const kind = statisticKindProblem(statistic, target, profile.kind);
  if (kind) return kind;
  // A numeric profile keeps its value counts only up to MAX_NUMERIC_CATEGORIES distinct values.
  if (statistic === 'chi2' && profile.kind === 'numeric' && !profile.valueCounts) {
    return `'chi2' compares categories, and '${target}' has more than ${MAX_NUMERIC_CATEGORIES} distinct values: use 'ks', 'psi', 'js' or 'wasserstein'`;
  }
  return undefined;
}

export function measure(profile: ReferenceProfile, current: ArrayLike<unknown>, statistic: MeasuredStatistic): number {
  return measureSummary(profile, summarize(profile, current), statistic);
}
