/** One statistic of a live window against a reference profile, from the shared summary. */
import { DRIFT_STATISTIC_INFO, type DriftStatistic } from './catalogue.js';
import { chi2PValue } from './chi2.js';
import { referenceBins, referenceCategories, summarize, type CurrentSummary } from './current.js';
import { jensenShannon } from './js.js';
import { ksStatistic } from './ks.js';
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
  const info = DRIFT_STATISTIC_INFO[statistic === 'ks_pvalue' ? 'ks' : statistic];
  if (info.data !== 'both' && info.data !== profile.kind)
    throw new Error(`'${statistic}' needs a ${info.data} target, not a ${profile.kind} one`);
  switch (statistic) {
    case 'psi':
      return psi(referenceBins(profile), current.bins);
    case 'js':
      return jensenShannon(referenceBins(profile), current.bins);
    case 'chi2': {
      const reference = referenceCategories(profile);
      if (!reference || !current.categories)
        throw new Error(`'chi2' compares categories, and this numeric target has more than ${MAX_NUMERIC_CATEGORIES} distinct values: use 'ks', 'psi', 'js' or 'wasserstein'`);
      return chi2PValue(reference, current.categories);
    }
    case 'ks':
      return ksStatistic((profile as NumericProfile).sorted, current.sorted!);
    case 'ks_pvalue': {
      const p = profile as NumericProfile;
      return ksPValue(ksStatistic(p.sorted, current.sorted!), p.count, current.count);
    }
    case 'wasserstein': {
      const p = profile as NumericProfile;
      return normalisedWasserstein(p.sorted, current.sorted!, p.std);
    }
  }
}

export function measure(profile: ReferenceProfile, current: ArrayLike<unknown>, statistic: MeasuredStatistic): number {
  return measureSummary(profile, summarize(profile, current), statistic);
}
