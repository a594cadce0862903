/**
 * Reference profiles: what a drift check needs to know about the training data, computed once at
 * training time and saved with the model (plain JSON), so that every check measures the live
 * window against it without touching the training data again.
 */
import { quantileEdges, binCounts, QUANTILE_BINS } from './bins.js';

/** Numeric targets keep per-value counts (for 'chi2') when they have at most this many distinct values. */
export const MAX_NUMERIC_CATEGORIES = 100;

export interface NumericProfile {
  kind: 'numeric';
  /** Reference values that were present (NaN, infinities and null are missing and ignored). */
  count: number;
  missing: number;
  mean: number;
  /** Population standard deviation (ddof 0), as NumPy's std. */
  std: number;
  distinct: number;
  /** The QUANTILE_BINS - 1 inner edges: NumPy quantiles at 0.1, 0.2, ..., 0.9 (linear method). */
  edges: number[];
  /** Reference values per bin; bin i holds edges[i-1] <= x < edges[i]. */
  binCounts: number[];
  /** The reference, sorted ascending: KS and Wasserstein merge the live window against it. */
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

/** The present values of a numeric target, sorted ascending, with how many were missing. */
export function sortedPresent(values: ArrayLike<unknown>): { sorted: Float64Array; missing: number } {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isPresentNumber(v)) out[n++] = v;
    else if (v !== null && v !== undefined && !(typeof v === 'number'))
      throw new Error(`a numeric drift target got ${JSON.stringify(v)}, which is not a number`);
  }
  const sorted = out.subarray(0, n).sort();
  return { sorted, missing: values.length - n };
}

export function buildProfile(values: ArrayLike<unknown>, kind: ProfileKind): ReferenceProfile {
  return kind === 'numeric' ? buildNumericProfile(values) : buildCategoricalProfile(values);
}

function buildNumericProfile(values: ArrayLike<unknown>): NumericProfile {
  const { sorted, missing } = sortedPresent(values);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const std = n ? Math.sqrt(ss / n) : 0;
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
    binCounts: n ? binCounts(sorted, edges, true) : new Array<number>(QUANTILE_BINS).fill(0),
    sorted: Array.from(sorted),
    values: few ? distinctValues : null,
    valueCounts: few ? distinctCounts : null,
  };
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
