/**
 * Statistics learned by fitted transforms, over the non-missing values of the fitting rows.
 * Defaults for degenerate data keep every output finite: no values gives mean 0 / std 1 and
 * min 0 / max 1; a constant column gives std 1 (like scikit-learn's StandardScaler).
 */

export function meanStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 1 };
  let { mean, std } = scaledMoments(values, 1);
  if (!Number.isFinite(mean) || !Number.isFinite(std)) {
    // The sum or the squares overflowed (values beyond 1e154): once more over the values divided
    // by a power of two near the largest, which rounds nothing, and scaled back.
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[i]));
    const scale = 2 ** Math.floor(Math.log2(largest));
    const m = scaledMoments(values, 1 / scale);
    mean = m.mean * scale;
    std = m.std * scale;
  }
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

/**
 * Mean and population standard deviation (ddof = 0, as StandardScaler) of `values * factor`, a
 * power of two (1 for the common pass, whose results are the plain formula's bit for bit).
 */
function scaledMoments(values: Float64Array, factor: number): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] * factor;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] * factor - mean;
    ss += d * d;
  }
  return { mean, std: Math.sqrt(ss / n) };
}

export function minMax(values: Float64Array): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * How min_max maps x: `(x * scale - offset) / span`. `scale` is 1, the plain `(x - min) / (max -
 * min)` bit for bit, unless `max - min` overflows (a range beyond the doubles', values near
 * ±1e308: every value mapped to 0, or NaN where `x - min` overflowed too): then a half, a power of
 * two, which rounds nothing, as `meanStd` scales its moments. Equal bounds: span 1, every value 0.
 */
export function minMaxScaling(min: number, max: number): { scale: number; offset: number; span: number } {
  const span = max - min;
  if (Number.isFinite(span) || !Number.isFinite(min) || !Number.isFinite(max)) return { scale: 1, offset: min, span: span || 1 };
  return { scale: 0.5, offset: min * 0.5, span: max * 0.5 - min * 0.5 };
}

/**
 * Edges of `n` quantile buckets: the quantiles 1/n … (n-1)/n with linear interpolation
 * (numpy.quantile's default), duplicates removed, so buckets are 0 … edges.length.
 */
export function quantileEdges(values: Float64Array, n: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length;
  const edges: number[] = [];
  if (m === 0) return edges;
  for (let i = 1; i < n; i++) {
    const pos = (i / n) * (m - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const e = lo + 1 < m ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac : sorted[lo];
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/**
 * A vocabulary in a fixed order: numerically ascending when every value is a number, else by
 * the UTF-16 code units of their text (locale-independent).
 */
export function sortVocabulary(values: Iterable<string | number>): Array<string | number> {
  const list = [...values];
  if (list.every((v) => typeof v === 'number')) return (list as number[]).sort((a, b) => a - b);
  const text = (v: string | number) => String(v);
  return list.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
