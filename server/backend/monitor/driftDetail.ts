/**
 * The Drift view's reads: per target, the reference and live distributions in the reference's
 * bins, and the statistic over past full windows. Reads the prediction log only; every verdict
 * comes from `driftReport`, the monitor's own evaluation, so the view cannot disagree with it.
 */
import type { DriftHistoryPoint, DriftTargetDetail } from '../../protocol/backend.js';
import type { DriftAlert, DriftReport } from '../../protocol/serving.js';
import { summarize, type ReferenceProfile } from '../../mlpipe/drift/index.js';
import { binAboveMax, liveBins, referenceBins } from '../../mlpipe/drift/current.js';
import type { LoggedRow, LogReader } from '../serve/log.js';
import type { ServedModel } from '../serve/served.js';
import { driftReport, valuesOf } from './monitor.js';
import { UNSEEN } from './values.js';
import { LOGGING_OFF_TEXT } from '../../mlpipe/drift/verdict.js';

/** Past windows the history shows by default. */
export const DEFAULT_HISTORY = 30;

export interface DriftDetailRead {
  window: number;
  filled: number;
  targets: DriftTargetDetail[];
  alerts: DriftAlert[];
  note?: string;
}

/** A target's logged values, read as the monitor reads them (monitor.ts keeps its reader private). */
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}

/** Bin labels aligned with `referenceBins`: numeric ranges between the quantile edges, else the categories then unseen. */
export function binLabels(profile: ReferenceProfile): string[] {
  if (profile.kind === 'categorical') return [...profile.categories, UNSEEN];
  const e = profile.edges;
  if (!e.length) return [];
  const last = `${fmt(e[e.length - 1]!)}`;
  // Above a tied maximum, a bin of its own (`binEdges`): the one below it holds the maximum alone.
  const top = binAboveMax(profile) ? [`= ${last}`, `> ${last}`] : [`≥ ${last}`];
  return [`< ${fmt(e[0]!)}`, ...e.slice(1).map((x, i) => `${fmt(e[i]!)}–${fmt(x)}`), ...top];
}

/** The report the monitor would give over exactly `rows` (its reader, limited to that window). */
function reportOver(served: ServedModel, reader: LogReader, rows: LoggedRow[]): DriftReport {
  const windowed = Object.create(reader, { lastWindow: { value: () => rows } }) as LogReader;
  return driftReport(served, windowed);
}

/** Predictions logged for the served model version. */
function loggedCount(served: ServedModel, reader: LogReader): number {
  return reader.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM predictions WHERE model = ? AND version = ?').get(served.name, served.version)!.n;
}

/** The last `count` full windows of this model version, oldest first, with how many windows there are in all. */
function pastWindows(served: ServedModel, reader: LogReader, count: number): { full: number; windows: LoggedRow[][] } {
  const size = served.config.monitor.window;
  const model = { name: served.name, version: served.version };
  const full = Math.floor(loggedCount(served, reader) / size);
  const first = Math.max(0, full - count);
  if (first === full) return { full, windows: [] };
  // The page cursor is the seq just before the first window shown.
  const before =
    first === 0
      ? 0
      : reader.db
          .prepare<[string, number, number], { seq: number }>('SELECT seq FROM predictions WHERE model = ? AND version = ? ORDER BY seq LIMIT 1 OFFSET ?')
          .get(model.name, model.version, first * size - 1)!.seq;
  const out: LoggedRow[][] = [];
  let after = before;
  for (let k = first; k < full; k++) {
    const { rows } = reader.page({ after, limit: size, model: model.name, version: model.version });
    if (rows.length < size) break;
    out.push(rows);
    after = rows[rows.length - 1]!.seq;
  }
  return { full, windows: out };
}

/** Everything the Drift view shows for a served model. */
export function readDriftDetail(served: ServedModel, reader: LogReader, history = DEFAULT_HISTORY): DriftDetailRead {
  const size = served.config.monitor.window;
  const latest = driftReport(served, reader);
  const filledOf = (r: DriftReport) => (r as DriftReport & { filled?: number }).filled ?? r.window;
  const filled = filledOf(latest);
  const held = filled < size;
  const note = [...(latest.loggingOff ? [LOGGING_OFF_TEXT] : []), ...(latest.note ? [latest.note] : [])].join('; ');
  const base = { window: size, filled, alerts: latest.alerts, ...(note ? { note } : {}), ...(latest.quality ? { quality: latest.quality } : {}), ...(latest.qualityNote ? { qualityNote: latest.qualityNote } : {}) };
  if (!served.reference || !latest.targets.length) return { ...base, targets: [] };

  const live = reader.lastWindow(served.pipelineName, size, { name: served.name, version: served.version }, { withInputs: false });
  const { full, windows } = pastWindows(served, reader, history);
  const points = windows.map((rows, i) => ({ end: (full - windows.length + i + 1) * size, at: new Date(rows[rows.length - 1]!.ts).toISOString(), report: reportOver(served, reader, rows) }));

  const targets = latest.targets.map((t): DriftTargetDetail => {
    const profile = served.reference!.targets[t.target];
    const bins = profile
      ? { labels: binLabels(profile), reference: referenceBins(profile), live: liveBins(profile, summarize(profile, valuesOf(live, t.target))) }
      : { labels: [], reference: [], live: [] };
    const historyPoints: DriftHistoryPoint[] = points.map((p) => {
      const at = p.report.targets.find((x) => x.target === t.target);
      return { end: p.end, at: p.at, value: at?.value ?? null, drifted: at ? at.drifted : null };
    });
    return {
      // Every field of the report's target (allMissing, missing included): one listed by hand was left out.
      ...t,
      drifted: held ? null : (t.drifted as boolean | null),
      bins,
      history: historyPoints,
    };
  });
  return { ...base, targets };
}
