/**
 * Reference profiles: what a drift check needs to know about the training data, computed once at
 * training time and saved with the model (plain JSON), so that every check measures the live
 * window against it without touching the training data again.
 */
import { quantileEdges, binCounts } from './bins.js';

/** Numeric targets keep per-value counts (for 'chi2') when they have at most this many distinct values. */
export const MAX_NUMERIC_CATEGORIES = 100;

/**
 * The most reference values a numeric profile keeps sorted for KS and Wasserstein. Beyond it the
 * profile keeps that many evenly spaced order statistics (the smallest and largest among them):
 * their distribution function is within 1/MAX_SORTED_VALUES of the whole reference's, and the KS
 * p-value still counts every value (`count`). A run over 10 million rows wrote every training
 * value of every monitored target into one JSON text and ran out of memory writing it, and a
 * server would have held them all.
 */
export const MAX_SORTED_VALUES = 100_000;

export interface NumericProfile {
  kind: 'numeric';
  /** Reference values that were present (NaN, infinities and null are missing and ignored). */
  count: number;
  missing: number;
  mean: number;
  /** Population standard deviation (ddof 0), as NumPy's std, but finite for any finite values (see moments). */
  std: number;
  distinct: number;
  /** The 9 inner edges (none for an empty reference): NumPy quantiles at 0.1, 0.2, ..., 0.9 (linear method). */
  edges: number[];
  /** Reference values per bin; bin i holds edges[i-1] <= x < edges[i]. */
  binCounts: number[];
  /**
   * The reference, sorted ascending: KS and Wasserstein merge the live window against it. Every
   * value up to MAX_SORTED_VALUES of them; beyond, that many evenly spaced order statistics.
   */
  sorted: number[];
  /** Distinct values and their counts, when there are at most MAX_NUMERIC_CATEGORIES of them. */
  values: number[] | null;
  valueCounts: number[] | null;
}

export interface CategoricalProfile {
  kind: 'categorical';
  count: number;
  missing: number;
  /** Categories in first-seen order, as strings (numbers are keyed by their decimal form). */
  categories: string[];
  counts: number[];
}

export type ReferenceProfile = NumericProfile | CategoricalProfile;
export type ProfileKind = ReferenceProfile['kind'];

/** A value the drift statistics count; anything else (null, NaN, undefined) is missing. */
export function isPresentNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function categoryKey(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return null;
}

/** The present values of a numeric target, in order; a value that is not a number is a one-line Error. */
export function presentNumbers(values: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  if (ArrayBuffer.isView(values)) {
    // A typed array holds numbers only: skip the type checks on the hot path.
    const typed = values as unknown as ArrayLike<number>;
    for (let i = 0; i < typed.length; i++) {
      const v = typed[i]!;
      if (v - v === 0) out[n++] = v;
    }
  } else for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresentNumber(v)) out[n++] = v;
    else if (v !== null && v !== undefined && !(typeof v === 'number'))
      throw new Error(`a numeric drift target got ${JSON.stringify(v)}, which is not a number`);
  }
  return out.subarray(0, n);
}

export function buildProfile(values: ArrayLike<unknown>, kind: ProfileKind, maxSorted = MAX_SORTED_VALUES): ReferenceProfile {
  return kind === 'numeric' ? buildNumericProfile(values, maxSorted) : buildCategoricalProfile(values);
}

/** `k` evenly spaced order statistics of sorted values, the first and the last included. */
function orderStatistics(sorted: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  const step = (sorted.length - 1) / (k - 1);
  for (let i = 0; i < k; i++) out[i] = sorted[Math.round(i * step)]!;
  return out;
}

function buildNumericProfile(values: ArrayLike<unknown>, maxSorted: number): NumericProfile {
  const sorted = presentNumbers(values).sort();
  const n = sorted.length;
  const missing = values.length - n;
  const { mean, std } = moments(sorted);
  const distinctValues: number[] = [];
  const distinctCounts: number[] = [];
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct++;
      if (distinct <= MAX_NUMERIC_CATEGORIES) {
        distinctValues.push(sorted[i]!);
        distinctCounts.push(0);
      }
    }
    if (distinct <= MAX_NUMERIC_CATEGORIES) distinctCounts[distinctCounts.length - 1]!++;
  }
  const edges = n ? quantileEdges(sorted) : [];
  const few = distinct <= MAX_NUMERIC_CATEGORIES;
  return {
    kind: 'numeric',
    count: n,
    missing,
    mean,
    std,
    distinct,
    edges,
    binCounts: n ? binCounts(sorted, edges, true) : [],
    sorted: toArray(n > maxSorted ? orderStatistics(sorted, maxSorted) : sorted),
    values: few ? distinctValues : null,
    valueCounts: few ? distinctCounts : null,
  };
}

/**
 * Mean and population standard deviation of sorted values, to about 1 ulp. A plain running sum
 * and its rounded mean lose digits when the spread is tiny beside the mean (values near 1e9 spread
 * by 1e-4: std off by 4e-5 relative; NumPy 3e-7), and squares overflow beyond 1e154 (std
 * Infinity: JSON writes null, and the saved profile no longer reads back). So the values are
 * scaled by a power of two, which changes no rounding, and summed with Neumaier's compensation.
 */
function moments(sorted: Float64Array): { mean: number; std: number } {
  const n = sorted.length;
  if (!n) return { mean: 0, std: 0 };
  const largest = Math.max(Math.abs(sorted[0]!), Math.abs(sorted[n - 1]!));
  const scale = largest ? 2 ** Math.floor(Math.log2(largest)) : 1;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(sorted[i]! / scale);
  const mean = sum.value() / n;
  // The mean is rounded, by up to half an ulp of the values: the sum of deviations measures
  // that and removes it (the corrected two-pass formula), which matters when std << |mean|.
  const deviation = new CompensatedSum();
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! / scale - mean;
    deviation.add(d);
    squares.add(d * d);
  }
  const offset = deviation.value();
  return { mean: mean * scale, std: Math.sqrt(Math.max(squares.value() - (offset * offset) / n, 0) / n) * scale };
}

/** Neumaier's compensated sum: the rounding error of each addition is kept and added at the end. */
class CompensatedSum {
  private sum = 0;
  private carry = 0;
  add(x: number): void {
    const t = this.sum + x;
    this.carry += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
  value(): number {
    return this.sum + this.carry;
  }
}

function buildCategoricalProfile(values: ArrayLike<unknown>): CategoricalProfile {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const counts: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const key = categoryKey(values[i]);
    if (key === null) {
      missing++;
      continue;
    }
    let at = index.get(key);
    if (at === undefined) {
      at = categories.length;
      index.set(key, at);
      categories.push(key);
      counts.push(0);
    }
    counts[at]!++;
  }
  return { kind: 'categorical', count: values.length - missing, missing, categories, counts };
}

/** A plain array (JSON-serialisable), filled by index: several times faster than Array.from here. */
function toArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}
