/**
 * The live window, summarised once against a profile: sorted (numeric) and counted into the
 * reference's bins and categories, so that every statistic of one check shares one pass.
 */
import { binCounts } from './bins.js';
import { categoryKey, sortedPresent, type ReferenceProfile } from './profile.js';

export interface CurrentSummary {
  kind: ReferenceProfile['kind'];
  count: number;
  /** Numeric only: the present live values, sorted ascending. */
  sorted: Float64Array | null;
  /** Live counts in the reference's bins (numeric: the 10 quantile bins; categorical: categories, then unseen). */
  bins: number[];
  /** Live counts per reference category (numeric: per distinct value when the profile keeps them), then unseen. */
  categories: number[] | null;
}

export function summarize(profile: ReferenceProfile, current: ArrayLike<unknown>): CurrentSummary {
  if (profile.kind === 'categorical') {
    const index = new Map<string, number>();
    profile.categories.forEach((c, i) => index.set(c, i));
    const counts = new Array<number>(profile.categories.length + 1).fill(0);
    let count = 0;
    for (let i = 0; i < current.length; i++) {
      const key = categoryKey(current[i]);
      if (key === null) continue;
      count++;
      counts[index.get(key) ?? profile.categories.length]!++;
    }
    return { kind: 'categorical', count, sorted: null, bins: counts, categories: counts };
  }
  const { sorted } = sortedPresent(current);
  let categories: number[] | null = null;
  if (profile.values) {
    const index = new Map<number, number>();
    profile.values.forEach((v, i) => index.set(v, i));
    categories = new Array<number>(profile.values.length + 1).fill(0);
    for (let i = 0; i < sorted.length; i++) categories[index.get(sorted[i]!) ?? profile.values.length]!++;
  }
  const bins = profile.count ? binCounts(sorted, profile.edges, true) : new Array<number>(profile.binCounts.length).fill(0);
  return { kind: 'numeric', count: sorted.length, sorted, bins, categories };
}

/** The reference's counts aligned with CurrentSummary.bins (categorical: a last, empty, unseen bin). */
export function referenceBins(profile: ReferenceProfile): number[] {
  return profile.kind === 'numeric' ? profile.binCounts : [...profile.counts, 0];
}

/** The reference's counts aligned with CurrentSummary.categories, or null when it keeps none. */
export function referenceCategories(profile: ReferenceProfile): number[] | null {
  if (profile.kind === 'categorical') return [...profile.counts, 0];
  return profile.valueCounts ? [...profile.valueCounts, 0] : null;
}
