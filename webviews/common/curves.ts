/**
 * Curves of several runs as uPlot wants them: one shared, sorted x axis (the union of their
 * steps) and one y array per run with null where that run has no point.
 */
import type { Curve } from '../../server/protocol/backend.js';

export function alignCurves(curves: readonly Curve[]): { x: number[]; ys: Array<Array<number | null>> } {
  const steps = new Set<number>();
  for (const c of curves) for (const p of c.points) steps.add(p.step);
  const x = [...steps].sort((a, b) => a - b);
  const at = new Map(x.map((s, i) => [s, i]));
  const ys = curves.map((c) => {
    const y: Array<number | null> = new Array(x.length).fill(null);
    for (const p of c.points) y[at.get(p.step)!] = Number.isFinite(p.value) ? p.value : null;
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
