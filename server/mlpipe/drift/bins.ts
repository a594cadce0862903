/**
 * The reference's quantile bins: 10 bins whose inner edges are the reference quantiles at
 * 0.1 ... 0.9, computed as NumPy's default ('linear') np.quantile does, bit for bit, so that a
 * value equal to an edge falls in the same bin here as in the NumPy oracle.
 */
export const QUANTILE_BINS = 10;

/** NumPy's _lerp: a + (b - a) * t, computed from b's side when t >= 0.5 (NumPy does so for monotonicity). */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  // b - a overflows only across values beyond ±8.9e307: NumPy's edges are then inf and -inf, out of
  // order (and JSON writes them as null, so the saved profile would not read back).
  if (d === Infinity) return a * (1 - t) + b * t;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** np.quantile(sorted, q) for q = i / 10, i = 1 .. 9 ('linear': virtual index (n - 1) * q). */
export function quantileEdges(sorted: ArrayLike<number>): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  for (let i = 1; i < QUANTILE_BINS; i++) {
    const q = i / QUANTILE_BINS;
    const virtual = (n - 1) * q;
    const lo = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
    const hi = Math.min(lo + 1, n - 1);
    const t = virtual - Math.floor(virtual);
    edges.push(lerp(sorted[lo]!, sorted[hi]!, t));
  }
  return edges;
}

/** The bin of x: the number of edges <= x (NumPy searchsorted side='right'). */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin; a sorted input is counted by walking the edges instead of searching each value. */
export function binCounts(values: ArrayLike<number>, edges: readonly number[], isSorted = false): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  if (isSorted) {
    let bin = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      while (bin < edges.length && edges[bin]! <= x) bin++;
      counts[bin]!++;
    }
  } else for (let i = 0; i < values.length; i++) counts[binOf(edges, values[i]!)]!++;
  return counts;
}
