/**
 * How runs read in the editor: the key metric and the age. Pure (no vscode), shared by the
 * CodeLens, the trees and the webviews so all three say the same thing.
 */
import type { RunSummary } from '../../server/protocol/backend.js';

/** The metric a run is judged by: its first gate's, else its first metric. */
export function keyMetric(run: Pick<RunSummary, 'metrics' | 'gates'>): { name: string; value: number } | undefined {
  const name = run.gates[0]?.metric ?? Object.keys(run.metrics)[0];
  if (name === undefined) return undefined;
  const value = run.metrics[name];
  return typeof value === 'number' ? { name, value } : undefined;
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(2) : value.toFixed(abs >= 100 ? 1 : 3);
}

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** `auc 0.870 · 5m ago` (or the status when the run has no metric). */
export function runLine(run: Pick<RunSummary, 'metrics' | 'gates' | 'status' | 'startedAt'>, now = Date.now()): string {
  const k = keyMetric(run);
  const what = run.status === 'completed' && k ? `${k.name} ${formatMetric(k.value)}` : run.status;
  return `${what} · ${age(run.startedAt, now)}`;
}
