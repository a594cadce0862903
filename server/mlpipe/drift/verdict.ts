/**
 * What `mlpipe drift` and the Drift panel say over a report of a pipeline whose serve block says
 * `log_predictions = false` (the report's `loggingOff`): the log it reads is an earlier server's.
 */
export const LOGGING_OFF_TEXT = 'prediction logging is off in this pipeline (log_predictions = false): this reads what an earlier server logged, and serving this file adds nothing to it';

/**
 * The verdict on one drift target in words, as `mlpipe drift` and the Drift panel both show it.
 * A target without a value in a full window (every logged value missing, or a statistic with no
 * value on it, as SciPy gives none) is "not measured", never "ok": nothing was compared. Every
 * value missing where the reference has values (`allMissing`) says so: the statistics count
 * present values only, so a feature that went missing on every request is no drift, and
 * "not measured" alone read as a monitor with nothing to do.
 */
export function driftVerdictText(t: { drifted: boolean | null; value: number | null; allMissing?: boolean }): 'not measured' | 'not measured: every value in the window is missing' | 'held' | 'DRIFTED' | 'ok' {
  if (t.value === null) return t.allMissing ? 'not measured: every value in the window is missing' : 'not measured';
  if (t.drifted === null) return 'held';
  return t.drifted ? 'DRIFTED' : 'ok';
}

/**
 * The window's quality from feedback labels in one line, as `mlpipe drift` and the Drift panel
 * both show it, or why there is none although labels came; null when the window has no label.
 * A metric the labels cannot give (null; NaN in process) is "not computed", as a gate says it:
 * the panel, which gets the report as JSON, failed on it ("Cannot read properties of null").
 */
export function qualityText(r: { quality?: { labels: number; metrics: Record<string, number | null> }; qualityNote?: string }): string | null {
  if (r.quality) return `quality over ${r.quality.labels} predictions with feedback labels: ${Object.entries(r.quality.metrics).map(([m, v]) => `${m} ${v === null || Number.isNaN(v) ? 'not computed' : v.toPrecision(4)}`).join('  ')}`;
  return r.qualityNote ? `quality: ${r.qualityNote}` : null;
}

/** A share as a percentage with one decimal; a share above zero never reads 0.0%. */
function percentText(share: number): string {
  return share > 0 && share < 0.0005 ? '<0.1%' : `${(100 * share).toFixed(1)}%`;
}

/**
 * A target's missing values in words, as `mlpipe drift` and the Drift panel both show them:
 * `missing 60.0% (training 5.0%)`, `(training unknown)` where the reference gives no share.
 * Null when neither side has a missing value (the usual case, kept quiet) or the report has no
 * shares (an empty window, a report of an older server). Not a verdict: the statistics compare
 * present values only, and a rise in missing values is no drift (docs/serving.md, Monitoring).
 */
export function missingShareText(t: { missing?: { window: number; training: number | null } }): string | null {
  const m = t.missing;
  if (!m || (m.window === 0 && m.training === 0)) return null;
  return `missing ${percentText(m.window)} (training ${m.training === null ? 'unknown' : percentText(m.training)})`;
}
