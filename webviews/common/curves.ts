/**
 * Curves of several runs as uPlot wants them: one shared, sorted x axis and one y array per
 * run with null where that run has no point.
 */
import type { Curve } from '../../server/protocol/backend.js';

type Aligned = { x: number[]; ys: Array<Array<number | null>> };

/**
 * Aligns the curves exactly (the union of their steps) when that union has at most
 * `maxColumns` steps; otherwise on a shared grid of `maxColumns / 2` step buckets, each keeping every
 * curve's lowest and highest value in the order they came, so spikes survive. A chart cannot
 * show more columns than it has pixels: 50 curves of 10,000 points would otherwise hand uPlot
 * millions of mostly-null cells, since min/max-downsampled curves rarely share steps.
 */
export function alignCurves(curves: readonly Curve[], maxColumns = Infinity): Aligned {
  const steps = new Set<number>();
  for (const c of curves) for (const p of c.points) steps.add(p.step);
  return steps.size <= maxColumns ? alignExactly(curves, steps) : alignInBuckets(curves, Math.max(1, Math.floor(maxColumns / 2)));
}

function alignExactly(curves: readonly Curve[], steps: ReadonlySet<number>): Aligned {
  const x = [...steps].sort((a, b) => a - b);
  const at = new Map(x.map((s, i) => [s, i]));
  const ys = curves.map((c) => {
    const y: Array<number | null> = new Array(x.length).fill(null);
    for (const p of c.points) y[at.get(p.step)!] = Number.isFinite(p.value) ? p.value : null;
    return y;
  });
  return { x, ys };
}

function alignInBuckets(curves: readonly Curve[], buckets: number): Aligned {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) for (const p of c.points) (lo = Math.min(lo, p.step)), (hi = Math.max(hi, p.step));
  const width = (hi - lo) / buckets || 1;
  const x = new Array<number>(2 * buckets);
  for (let b = 0; b < buckets; b++) (x[2 * b] = lo + b * width), (x[2 * b + 1] = lo + (b + 0.5) * width);
  const ys = curves.map((c) => {
    const y: Array<number | null> = new Array(2 * buckets).fill(null);
    // Per bucket: the index (in the curve) of its lowest and highest finite point.
    const min = new Int32Array(buckets).fill(-1);
    const max = new Int32Array(buckets).fill(-1);
    const pts = c.points;
    for (let i = 0; i < pts.length; i++) {
      const v = pts[i]!.value;
      if (!Number.isFinite(v)) continue;
      const b = Math.min(buckets - 1, Math.floor((pts[i]!.step - lo) / width));
      if (min[b]! < 0 || v < pts[min[b]!]!.value) min[b] = i;
      if (max[b]! < 0 || v > pts[max[b]!]!.value) max[b] = i;
    }
    for (let b = 0; b < buckets; b++) {
      if (min[b]! < 0) continue;
      const [first, second] = min[b]! <= max[b]! ? [min[b]!, max[b]!] : [max[b]!, min[b]!];
      y[2 * b] = pts[first]!.value;
      y[2 * b + 1] = pts[second]!.value;
    }
    return y;
  });
  return { x, ys };
}

/** Distinct series colours from the theme's chart palette, read from CSS variables. */
export function seriesColors(n: number, css: (name: string) => string): string[] {
  const names = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
  const base = names.map((v) => css(v).trim()).map((c, i) => c || ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][i]);
  return Array.from({ length: n }, (_, i) => (i < base.length ? base[i] : `hsl(${(i * 137.5) % 360} 65% 55%)`));
}
