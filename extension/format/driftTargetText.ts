import type { DriftTargetStatus } from '../../server/protocol/backend.js';
import { driftVerdictText, missingShareText } from '../../server/mlpipe/drift/verdict.js';
import { formatMetric } from './runText.js';

/**
 * Where a monitored target stands, for the Endpoints view's icon. A target with no value in a
 * full window, or with every value in the window missing, was not measured: it showed the check
 * mark of a passing target, which the Drift panel stopped doing for the same report.
 */
export function driftTargetState(d: DriftTargetStatus): 'drifted' | 'ok' | 'held' | 'unmeasured' {
  if (d.value === null && (d.drifted !== null || d.allMissing)) return 'unmeasured';
  if (d.drifted === null) return 'held';
  return d.drifted ? 'drifted' : 'ok';
}

/**
 * What the Endpoints view shows beside one monitored target: the statistic, its latest value and
 * the test, then what the value alone does not say, in the words `mlpipe drift` and the Drift
 * panel use: why there is no value (a feed gone wholly missing read as a bare "–", like a target
 * before its first prediction), that the verdict is held, and the missing share when either side
 * has one.
 */
export function driftTargetDescription(d: DriftTargetStatus): string {
  const parts = [`${d.statistic} ${d.value === null ? '–' : formatMetric(d.value)} (${d.op} ${d.threshold})`];
  const state = driftTargetState(d);
  if (state === 'unmeasured') parts.push(driftVerdictText(d));
  else if (state === 'held') parts.push('verdict held');
  const missing = missingShareText(d);
  if (missing) parts.push(missing);
  return parts.join(' · ');
}

/**
 * The monitor block's CodeLens over a running server's targets: the drifted ones, else the window
 * still filling, else no drift, naming the targets that were not measured (a lens read
 * `✓ no drift` over a window where a feed had gone wholly missing).
 */
export function monitorLensTitle(targets: readonly DriftTargetStatus[], window: { size: number; filled: number } | null): string {
  const drifted = targets.filter((d) => d.drifted === true);
  if (drifted.length) return `⚠ drift: ${drifted.map((d) => d.target).join(', ')}`;
  if (window && window.filled < window.size) return `◌ drift: ${window.filled} of ${window.size} predictions, verdict held`;
  const unmeasured = targets.filter((d) => driftTargetState(d) === 'unmeasured').map((d) => d.target);
  if (!unmeasured.length) return '✓ no drift';
  return unmeasured.length === targets.length ? `○ drift not measured: ${unmeasured.join(', ')}` : `✓ no drift · not measured: ${unmeasured.join(', ')}`;
}
