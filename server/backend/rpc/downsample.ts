import type { CurvePoint } from '../../protocol/backend.js';

/**
 * Shrinks a curve to at most `2 * buckets` points: the points are cut into `buckets` runs of
 * equal length and each keeps its lowest and highest point, in step order. Unlike averaging,
 * a one-epoch spike (a diverging loss) survives. NaN points are kept as they are, once per
 * bucket, so a broken run still shows where it broke.
 */
export function downsampleMinMax(points: readonly CurvePoint[], buckets: number): CurvePoint[] {
  const n = points.length;
  if (!Number.isFinite(buckets) || buckets < 1) throw new RangeError(`buckets must be >= 1, got ${buckets}`);
  if (n <= 2 * buckets) return points.slice();
  const out: CurvePoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    let nan = -1;
    for (let i = from; i < to; i++) {
      const v = points[i].value;
      if (Number.isNaN(v)) {
        if (nan < 0) nan = i;
        continue;
      }
      if (lo < 0 || v < points[lo].value) lo = i;
      if (hi < 0 || v > points[hi].value) hi = i;
    }
    const keep = [...new Set([lo, hi, nan].filter((i) => i >= 0))].sort((a, b) => a - b);
    for (const i of keep) out.push(points[i]);
  }
  return out;
}
