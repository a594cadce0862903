/**
 * The live window, summarised against a profile once per check and shared by its statistics.
 * Each part is computed on first use and kept: the sort only when KS or Wasserstein asks (PSI and
 * JS find each value's bin by binary search into the 9 edges), the merge with the sorted
 * reference once for both KS and Wasserstein.
 */
import { binCounts } from './bins.js';
import { compareRuns, runsOf, type SortedComparison, type SortedRuns } from './merge.js';
import { categoryKey, presentNumbers, type CategoricalProfile, type NumericProfile, type ReferenceProfile } from './profile.js';

export interface CurrentSummary {
  kind: ReferenceProfile['kind'];
  count: number;
  /** Numeric: the present live values, in arrival order (sorted in place on first need). */
  values: Float64Array | null;
  sorted: boolean;
  /** Live counts in the reference's bins (numeric: the 10 quantile bins; categorical: categories, then unseen). */
  bins?: number[];
  /** Live counts per reference category (numeric: per distinct value the profile keeps), then unseen. */
  categories?: number[] | null;
  merged?: SortedComparison;
}

export function summarize(profile: ReferenceProfile, current: ArrayLike<unknown>): CurrentSummary {
  if (profile.kind === 'numeric') {
    const values = presentNumbers(current);
    return { kind: 'numeric', count: values.length, values, sorted: false };
  }
  const bin = categoryBins(profile);
  const counts = new Array<number>(profile.categories.length + 1).fill(0);
  let count = 0;
  for (let i = 0; i < current.length; i++) {
    const key = categoryKey(current[i]);
    if (key === null) continue;
    count++;
    counts[bin(key)]!++;
  }
  return countedSummary(counts, count);
}

/**
 * A categorical window's summary from its counts per `categoryBins` bin (`count` present values): what
 * `summarize` gives for the values counted, for a caller that counted them some other way (the log
 * thread counts its window by category code, never making the strings).
 */
export function countedSummary(counts: number[], count: number): CurrentSummary {
  return { kind: 'categorical', count, values: null, sorted: true, bins: counts, categories: counts };
}

/** A categorical profile's bin of a key, made once per profile. */
const binsByProfile = new WeakMap<CategoricalProfile, { categories: readonly string[]; bin: (key: string) => number }>();

/**
 * The bin a present value's `categoryKey` counts in: its reference category's index, or the
 * unseen bin after them.
 */
export function categoryBins(profile: CategoricalProfile): (key: string) => number {
  const known = binsByProfile.get(profile);
  // Keyed by the categories array too, as referenceRuns is by the sorted one.
  if (known && known.categories === profile.categories) return known.bin;
  const index = new Map<string, number>();
  profile.categories.forEach((c, i) => index.set(c, i));
  const unseen = profile.categories.length;
  const bin = (key: string): number => index.get(key) ?? unseen;
  binsByProfile.set(profile, { categories: profile.categories, bin });
  return bin;
}

/** The live values sorted ascending (numeric summaries only). */
export function sortedValues(current: CurrentSummary): Float64Array {
  if (!current.sorted) {
    current.values!.sort();
    current.sorted = true;
  }
  return current.values!;
}

export function liveBins(profile: ReferenceProfile, current: CurrentSummary): number[] {
  if (current.bins) return current.bins;
  const p = profile as NumericProfile;
  return (current.bins = p.count ? binCounts(current.values!, binEdges(p), current.sorted) : []);
}

/**
 * The edges a numeric window is binned by: the reference's 9 quantile edges and, when the last
 * of them is the reference's largest value (a constant reference, or one whose top tenth is tied
 * at its maximum), one more just above that maximum. A value x falls in the bin of the edges
 * <= x, so the lowest bin, below a tied minimum, holds no reference value and a window below the
 * reference lands in an empty bin (drift), while the top bin [max, ∞) held the tied maximum and
 * every value above it alike: a constant training column whose live values rose read PSI and JS
 * 0, and fell read 18.4 and 0.83. The extra bin (max, ∞) is empty in the reference, as the
 * categorical profile's unseen bin is. Derived at measurement, so profiles saved before it
 * measure so too.
 */
export function binEdges(profile: NumericProfile): readonly number[] {
  const e = profile.edges;
  return binAboveMax(profile) ? [...e, nextUp(e[e.length - 1]!)] : e;
}

/** Whether `binEdges` adds a bin above the reference's maximum (its last edge is that maximum). */
export function binAboveMax(profile: NumericProfile): boolean {
  const e = profile.edges;
  const max = profile.sorted[profile.sorted.length - 1];
  return e.length > 0 && max !== undefined && e[e.length - 1] === max;
}

/** The smallest double above x (finite x; the largest finite double gives Infinity). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const bits = new Float64Array([x]);
  const word = new BigInt64Array(bits.buffer);
  word[0] = x > 0 ? word[0]! + 1n : word[0]! - 1n;
  return bits[0]!;
}

export function liveCategories(profile: ReferenceProfile, current: CurrentSummary): number[] | null {
  if (current.categories !== undefined) return current.categories;
  const p = profile as NumericProfile;
  if (!p.values) return (current.categories = null);
  const index = new Map<number, number>();
  p.values.forEach((v, i) => index.set(v, i));
  const counts = new Array<number>(p.values.length + 1).fill(0);
  const values = current.values!;
  for (let i = 0; i < values.length; i++) counts[index.get(values[i]!) ?? p.values.length]!++;
  return (current.categories = counts);
}

/** KS D and the Wasserstein distance, from one merge of the sorted window with the sorted reference. */
export function merged(profile: NumericProfile, current: CurrentSummary): SortedComparison {
  return (current.merged ??= compareRuns(referenceRuns(profile), sortedValues(current)));
}

/** A profile's sorted reference as runs, made at its first window and kept while the profile is. */
const runsByProfile = new WeakMap<NumericProfile, { sorted: readonly number[]; runs: SortedRuns }>();

export function referenceRuns(profile: NumericProfile): SortedRuns {
  const known = runsByProfile.get(profile);
  // Keyed by the sorted array too: a profile whose `sorted` was replaced is not read from stale runs.
  if (known && known.sorted === profile.sorted) return known.runs;
  const runs = runsOf(profile.sorted);
  runsByProfile.set(profile, { sorted: profile.sorted, runs });
  return runs;
}

/** The reference's counts aligned with liveBins (categorical: a last, empty, unseen bin; numeric: an empty one above a tied maximum, `binEdges`). */
export function referenceBins(profile: ReferenceProfile): number[] {
  if (profile.kind === 'categorical') return [...profile.counts, 0];
  return binAboveMax(profile) ? [...profile.binCounts, 0] : profile.binCounts;
}

/** The reference's counts aligned with liveCategories, or null when it keeps none. */
export function referenceCategories(profile: ReferenceProfile): number[] | null {
  if (profile.kind === 'categorical') return [...profile.counts, 0];
  return profile.valueCounts ? [...profile.valueCounts, 0] : null;
}
