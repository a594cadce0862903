/**
 * Drift monitoring of a served model: every `window` logged predictions (and on demand) each
 * target's last `window` values are compared with the reference saved at training. Targets are
 * the `drift` lines, plus every model input and the prediction with the spec's default test.
 * Statistics come from the pure drift module; this file only gathers values and records alerts.
 */
import { defaultTest, isDriftStatistic, missingShares, runTestSummary, summarize, type CurrentSummary, type DriftTest, type ReferenceProfile } from '../../mlpipe/drift/index.js';
import type { DriftAlert, DriftReport, DriftTargetResult } from '../../protocol/serving.js';
import type { AlertRecord, LoggedRow, LogReader, PredictionLog } from '../serve/log.js';
import type { LogBatch } from '../serve/logBatch.js';
import { DriftWindow } from './driftWindow.js';
import type { ServedModel } from '../serve/served.js';
import { computeMetrics } from '../../mlpipe/metrics/index.js';
import type { ReferenceFile } from './reference.js';
import { PREDICTION, type MonitoredValue } from './values.js';
import { withRetrainOutcomes } from './retrain.js';
import { ownerFromJson, type Owner } from '../tracking/liveness.js';

/** Feedback labels a window needs before its quality metrics are reported. */
export const MIN_QUALITY_LABELS = 50;

export interface TargetTest {
  target: string;
  test: DriftTest;
  defaultTest: boolean;
}

/** The tests the monitor runs, in report order: the `drift` lines first, then the defaults. */
export function targetTests(served: ServedModel): TargetTest[] {
  const out: TargetTest[] = [];
  const lined = new Set<string>();
  // A line written twice, word for word, is one test (one value in the report, one alert per
  // window), as a feature listed twice is one target below; lines that differ in threshold stay two.
  const written = new Set<string>();
  for (const d of served.config.monitor.drift) {
    if (!isDriftStatistic(d.statistic)) continue;
    const line = JSON.stringify([d.target, d.statistic, d.op, d.threshold]);
    if (written.has(line)) continue;
    written.add(line);
    out.push({ target: d.target, test: { statistic: d.statistic, op: d.op, threshold: d.threshold }, defaultTest: false });
    lined.add(d.target);
  }
  const profiles = served.reference?.targets ?? {};
  // A feature listed twice in a model's inputs is one target (one test, one alert).
  for (const t of new Set([...served.run.plan.outputs.map((o) => o.feature), PREDICTION])) {
    if (lined.has(t) || !profiles[t]) continue;
    out.push({ target: t, test: defaultTest(profiles[t]), defaultTest: true });
  }
  return out;
}

/**
 * What monitoring needs of a served model, as plain data: it crosses to the log's worker
 * thread (structured clone), where the scheduled evaluations run.
 */
export interface MonitorSpec {
  pipelineName: string;
  name: string;
  version: number;
  runId: string;
  window: number;
  /** The file has a monitor block (scheduled evaluations run only then). */
  present: boolean;
  reference: ReferenceFile | null;
  tests: TargetTest[];
  task: ServedModel['run']['meta']['task'];
  labels: string[] | undefined;
}

export function monitorSpec(served: ServedModel): MonitorSpec {
  return {
    pipelineName: served.pipelineName,
    name: served.name,
    version: served.version,
    runId: served.runId,
    window: served.config.monitor.window,
    present: served.config.monitor.present,
    reference: served.reference,
    tests: targetTests(served),
    task: served.run.meta.task,
    labels: served.run.meta.labels,
  };
}

/** A drift target's served values in logged rows: the prediction, or a feature (null when absent). */
export function valuesOf(rows: LoggedRow[], target: string): MonitoredValue[] {
  if (target === PREDICTION) return rows.map((r) => r.predicted);
  return rows.map((r) => (r.features[target] === undefined ? null : r.features[target]));
}

/** Alerts a report lists: the newest (`listAlerts`), so a report holding this many may omit older ones. */
export const REPORTED_ALERTS = 100;

/**
 * An `alerts` row as read back: what was recorded (`AlertRecord`), with its id and time, and the
 * server process that recorded it or last set its action (absent before log format 5).
 */
type AlertRow = Omit<AlertRecord, 'ts'> & { id: number; ts: number; server?: string | null };

/** An alert, and the server process that recorded it or last set its action (null: unknown). */
export interface StoredAlert {
  alert: DriftAlert;
  server: Owner | null;
}

/** The newest `limit` alerts of `pipeline`, oldest first, with their servers. */
export function readAlerts(reader: LogReader, pipeline: string, limit = REPORTED_ALERTS): StoredAlert[] {
  // SELECT *: a log of format 4, read where it cannot be migrated, has no `server` column.
  return reader.db
    .prepare<[string, number], AlertRow>('SELECT * FROM alerts WHERE pipeline = ? ORDER BY id DESC LIMIT ?')
    .all(pipeline, limit)
    .reverse()
    .map((a) => ({
      alert: {
        id: a.id,
        at: new Date(a.ts).toISOString(),
        target: a.target,
        statistic: a.statistic,
        value: a.value,
        threshold: a.threshold,
        window: a.window,
        model: { name: a.model, version: a.version },
        action: a.action,
      },
      server: ownerFromJson(a.server),
    }));
}

export function listAlerts(reader: LogReader, pipeline: string, limit = REPORTED_ALERTS): DriftAlert[] {
  return readAlerts(reader, pipeline, limit).map((s) => s.alert);
}

/** A window of served predictions as drift reads it: from the store, or the log thread's memory. */
interface WindowRead {
  filled: number;
  /** A target's values, oldest first (`valuesOf`). */
  values(target: string): ArrayLike<MonitoredValue>;
  /** `summarize(profile, values(target))` where the read has it without the values, else null. */
  summary?(target: string, profile: ReferenceProfile): CurrentSummary | null;
  /** The window's quality metrics from feedback labels if it has enough, else why not (when it has some). */
  quality(): WindowQuality;
}

/** The report over a window (the one evaluation both reads share). */
function reportOver(served: MonitorSpec, alerts: DriftAlert[], read: () => WindowRead): DriftReport {
  const model = { name: served.name, version: served.version };
  const window = served.window;
  if (!served.reference) {
    return { window, filled: 0, model, targets: [], alerts, note: `run ${served.runId} saved no drift reference: retrain it with this version of mlpipe` };
  }
  const w = read();
  if (w.filled === 0) return { window, filled: 0, model, targets: [], alerts, note: NO_PREDICTIONS };
  // A statistic over a partial window is noisy (20 predictions against a reference of
  // thousands flag everything), so the verdict waits for a full window; the value is shown.
  const full = w.filled >= window;
  const targets: DriftTargetResult[] = served.tests.map(({ target, test, defaultTest: isDefault }) => {
    const profile: ReferenceProfile | undefined = served.reference!.targets[target];
    // No profile: this version does not compute the target (a line newer than it), so its values are no missing share.
    if (!profile) return { target, statistic: test.statistic, value: null, threshold: test.threshold, op: test.op, drifted: full ? false : null, defaultTest: isDefault };
    const counted = w.summary?.(target, profile) ?? null;
    // Counted without its values: the missing share needs only their number (and the count present).
    const values = counted ? { length: w.filled } : w.values(target);
    const current = counted ?? summarize(profile, values);
    const { value, drifted } = runTestSummary(profile, current, test);
    // Every live value missing where training had values (an inner feature whose window is empty
    // at serving on every request): no statistic compares, but the report says why, not only 'not measured'.
    const allMissing = current.count === 0 && profile.count > 0 ? { allMissing: true as const } : {};
    return { target, statistic: test.statistic, value: Number.isFinite(value) ? value : null, threshold: test.threshold, op: test.op, drifted: full ? drifted : null, defaultTest: isDefault, ...allMissing, ...missingOf(profile, values, current.count) };
  });
  return { window, filled: w.filled, model, targets, alerts, ...w.quality() };
}

/** The target's missing shares as a report field (none over an empty window). */
function missingOf(profile: ReferenceProfile, values: ArrayLike<unknown>, present?: number): Pick<DriftTargetResult, 'missing'> {
  const missing = missingShares(profile, values, present);
  return missing ? { missing } : {};
}

/** What a report says when its version has no logged prediction. */
export const NO_PREDICTIONS = 'no predictions logged for this model version yet';

/**
 * Why a version has nothing to measure, naming the version that has predictions: after a retrain
 * registers a new version, a server started before it still serves (and logs) the old one.
 */
export function noPredictionsNote(reader: LogReader, model: string, version: number): string {
  const other = reader.otherLoggedVersion(model, version);
  if (other === undefined) return NO_PREDICTIONS;
  return other < version ? `${NO_PREDICTIONS}; v${other} has some (a server started before v${version} was registered serves v${other} until it restarts)` : `${NO_PREDICTIONS}; v${other} has some`;
}

/** Measures the last window of logged predictions, read from the store, against the reference. */
export function driftReport(of: ServedModel | MonitorSpec, reader: LogReader): DriftReport {
  const served = 'tests' in of ? of : monitorSpec(of);
  const stored = readAlerts(reader, served.pipelineName);
  const report = reportOver(served, stored.map((s) => s.alert), () => {
    const rows = reader.lastWindow(served.pipelineName, served.window, { name: served.name, version: served.version }, { withInputs: false });
    return {
      filled: rows.length,
      values: (target) => valuesOf(rows, target),
      quality: () => windowQuality(served, reader, rows[0].seq, rows.map((r) => r.id), rows.map((r) => r.prediction)),
    };
  });
  if (report.note === NO_PREDICTIONS) report.note = noPredictionsNote(reader, served.name, served.version);
  // Read without the server that recorded them: a retrain it left 'started' says how it ended.
  if (!('tests' in of)) report.alerts = withRetrainOutcomes(report.alerts, of.root, served.pipelineName, new Map(stored.map((s) => [s.alert.id, s.server])));
  // A pipeline that logs nothing now: the window read is an earlier server's (GET /drift refuses
  // before asking; `mlpipe drift` and the Drift panel say so).
  if (!('tests' in of) && !of.config.logPredictions) report.loggingOff = true;
  return report;
}

/**
 * The same report over the log thread's in-memory window (`DriftWindow`), with the alerts it
 * knows: no prediction is read back. Feedback labels are read only when the log has any.
 */
export function driftReportInMemory(served: MonitorSpec, live: DriftWindow, alerts: DriftAlert[], reader: LogReader | null): DriftReport {
  return reportOver(served, alerts, () => ({
    filled: live.filled,
    values: (target) => live.values(target),
    summary: (target, profile) => live.summary(target, profile),
    quality: () => {
      if (!reader) return {};
      const { firstSeq, ids, answers } = live.rows();
      return windowQuality(served, reader, firstSeq, ids, answers);
    },
  }));
}

type WindowQuality = Pick<DriftReport, 'quality' | 'qualityNote'>;

/**
 * Why a window with feedback labels has no quality: a window smaller than quality needs never
 * has it (labels arrived, and nothing said why no metric followed); otherwise how many of its
 * predictions have a label the model knows so far.
 */
function qualityNote(window: number, labelled: number): string {
  if (window < MIN_QUALITY_LABELS) return `quality needs ${MIN_QUALITY_LABELS} predictions with feedback labels in one window, and the monitor's window is ${window}: set 'window' to ${MIN_QUALITY_LABELS} or more to measure it`;
  return `${labelled} of the window's predictions ${labelled === 1 ? 'has a feedback label' : 'have feedback labels'} the model knows; quality is measured from ${MIN_QUALITY_LABELS}`;
}

/** The task's metrics over the window's predictions (from `firstSeq`, oldest first) that got a feedback label. */
function windowQuality(served: MonitorSpec, reader: LogReader, firstSeq: number, ids: string[], answers: unknown[]): WindowQuality {
  const labels = reader.db
    .prepare<[string, number, number], { id: string; label: string }>(
      'SELECT f.prediction_id AS id, f.label FROM feedback f JOIN predictions p ON p.id = f.prediction_id WHERE p.model = ? AND p.version = ? AND p.seq >= ?',
    )
    .all(served.name, served.version, firstSeq);
  if (labels.length === 0) return {};
  const byId = new Map(labels.map((l) => [l.id, l.label]));
  const { task, labels: classes } = served;
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const label = byId.get(ids[i]);
    if (label === undefined) continue;
    // A label the model does not know: a regression label that is no finite number, a class it never learned (-1).
    const truth = task === 'regression' ? Number(label) : (classes ?? []).indexOf(label);
    if (task === 'regression' ? !Number.isFinite(truth) : truth < 0) continue;
    yTrue.push(truth);
    if (task === 'multiclass') {
      const p = answers[i] as { probabilities: Record<string, number> };
      for (const c of classes ?? []) yPred.push(p.probabilities[c]);
    } else yPred.push(answers[i] as number);
  }
  if (yTrue.length < MIN_QUALITY_LABELS) return { qualityNote: qualityNote(served.window, yTrue.length) };
  const computed = computeMetrics(task, Float64Array.from(yTrue), Float64Array.from(yPred), classes?.length) as Record<string, number>;
  // NaN (auc of labels of one class) is null, as GET /drift's JSON and the editor's messages carry it.
  const metrics = Object.fromEntries(Object.entries(computed).map(([m, v]) => [m, Number.isNaN(v) ? null : v]));
  return { quality: { labels: yTrue.length, metrics } };
}

export interface MonitorHooks {
  /** Called with each new alert, as recorded; returns what was done about it (recorded on the alert), or null (none yet). */
  onAlert?: (alert: DriftAlert) => string | null;
  /** Called after each scheduled evaluation. */
  onReport?: (report: DriftReport) => void;
}

/**
 * Counts logged predictions and evaluates drift each time another `window` of them is written.
 * A crossed threshold records one alert per target and window.
 *
 * Fed with each committed batch (`logged`), it keeps the window in memory (`DriftWindow`) and
 * the alerts it knows, so a scheduled evaluation reads no prediction and no alert back: the
 * window is refilled from the store once, on the first batch after a start, and the alerts
 * listed once. `evaluate()` (on demand) reads the store, as `GET /drift` does.
 */
export class Monitor {
  private pending = 0;
  /** The count was taken on from the log (`resume`). */
  private resumed = false;
  /** Rows `logged` counted toward a window since the last `written` (which must not count them again). */
  private counted = 0;
  /** No scheduled evaluation from here on (the server is closing). */
  quiet = false;
  private live: DriftWindow | null = null;
  private alerts: DriftAlert[] | null = null;
  /** The log holds feedback labels (checked once, then set by `feedbackAdded`). */
  private feedback: boolean | null = null;

  constructor(
    private readonly served: MonitorSpec,
    private readonly reader: LogReader,
    private readonly log: PredictionLog,
    private readonly hooks: MonitorHooks = {},
  ) {}

  get window(): number {
    return this.served.window;
  }

  private get scheduled(): boolean {
    return this.served.reference !== null && this.served.present;
  }

  /**
   * A committed coded batch (its first row's seq): into the in-memory window, evaluated at each
   * `window`-th prediction inside it. A batch holds up to 1,000 predictions (one request's rows, or
   * a flush's worth under load), so a window of 200 ends up to five times in one: evaluating only
   * at its end measured the last window and never the four before it, whose drift raised no alert.
   */
  logged(batch: LogBatch, firstSeq: number): void {
    if (!this.scheduled) return;
    if (!this.live) {
      const { names, categories } = batch.source;
      this.live = new DriftWindow(this.window, this.served.tests.map((t) => t.target), names, categories, this.served.task !== 'multiclass');
      // After a restart: the window the store held before this batch, once. All of it, not only
      // what the batch leaves room for: the count going on from the log (`resume`), a window may
      // end inside the batch and hold earlier servers' predictions.
      this.live.addRows(this.reader.lastWindow(this.served.pipelineName, this.window, this.model, { withInputs: false, beforeSeq: firstSeq }));
    }
    this.resume(() => this.reader.countBefore(this.model, firstSeq));
    for (let k = 0; k < batch.n; ) {
      const to = Math.min(batch.n, k + this.window - this.pending);
      this.live.add(batch, firstSeq, k, to);
      this.pending += to - k;
      this.counted += to - k;
      k = to;
      if (this.pending < this.window) break;
      this.pending = 0;
      if (!this.quiet) this.evaluateLive();
    }
  }

  /**
   * Once, at the first rows logged after a start: the count toward the next evaluation goes on
   * from the log, so windows end at every `window`-th prediction the version logged, whichever
   * server logged it (the spec's "every `window` predictions"). Counted from each start, a server
   * restarted more often than it logs a window (a daily deploy, 800 predictions a day, `window =
   * 1000`) never evaluated drift at all.
   */
  private resume(loggedBefore: () => number): void {
    if (this.resumed) return;
    this.resumed = true;
    this.pending = loggedBefore() % this.window;
  }

  private get model(): { name: string; version: number } {
    return { name: this.served.name, version: this.served.version };
  }

  /** Retention deleted the predictions stamped before `ts`. */
  pruned(ts: number): void {
    this.live?.prune(ts);
  }

  /** Feedback labels were recorded. */
  feedbackAdded(): void {
    this.feedback = true;
  }

  /** An alert's action changed (the retrain's outcome). */
  alertAction(id: number, action: string): void {
    const a = this.alerts?.find((x) => x.id === id);
    if (a) a.action = action;
  }

  /**
   * Called with the number of predictions just written to the log. Those `logged` already
   * counted (and evaluated) are not counted again: the rest were written without coded batches,
   * and are evaluated from the store.
   */
  written(n: number): void {
    if (!this.scheduled) return;
    const rest = n - this.counted;
    this.counted = 0;
    if (rest <= 0) return;
    // Rows written without coded batches: the log's newest `rest` of the version.
    this.resume(() => this.reader.countBefore(this.model, Number.MAX_SAFE_INTEGER) - rest);
    this.pending += rest;
    if (this.pending < this.window) return;
    this.pending %= this.window;
    if (this.quiet) return;
    if (!this.live) {
      this.evaluate(); // fed rows without coded batches: read the store
      return;
    }
    this.evaluateLive();
  }

  /** A scheduled evaluation of the in-memory window. */
  private evaluateLive(): void {
    if (!this.live) return;
    this.alerts ??= listAlerts(this.reader, this.served.pipelineName, REPORTED_ALERTS);
    this.feedback ??= this.reader.db.prepare('SELECT 1 FROM feedback LIMIT 1').get() !== undefined;
    this.record(driftReportInMemory(this.served, this.live, [...this.alerts], this.feedback ? this.reader : null));
  }

  /** Evaluates now, from the store, and records alerts for every drifted target (full windows only). */
  evaluate(): DriftReport {
    return this.record(driftReport(this.served, this.reader));
  }

  private record(report: DriftReport): DriftReport {
    const ts = Date.now();
    const drifted = report.targets.filter((t): t is typeof t & { value: number } => t.drifted === true && t.value !== null);
    const ids = this.log.recordAlerts(
      drifted.map((t) => ({
        ts,
        pipeline: this.served.pipelineName,
        target: t.target,
        statistic: t.statistic,
        value: t.value,
        threshold: t.threshold,
        window: report.filled,
        model: this.served.name,
        version: this.served.version,
        action: null,
      })),
    );
    drifted.forEach((t, i) => {
      const id = ids[i];
      const known: DriftAlert = { id, at: new Date(ts).toISOString(), target: t.target, statistic: t.statistic, value: t.value, threshold: t.threshold, window: report.filled, model: { name: this.served.name, version: this.served.version }, action: null };
      if (this.alerts) {
        this.alerts.push(known);
        if (this.alerts.length > REPORTED_ALERTS) this.alerts.shift();
      }
      const action = this.hooks.onAlert?.(known) ?? null;
      if (action) {
        this.log.setAlertAction(id, action);
        this.alertAction(id, action);
      }
    });
    this.hooks.onReport?.(report);
    return report;
  }
}
