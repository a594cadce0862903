/**
 * Drift monitoring of a served model: every `window` logged predictions (and on demand) each
 * target's last `window` values are compared with the reference saved at training. Targets are
 * the `drift` lines, plus every model input and the prediction with the spec's default test.
 * Statistics come from the pure drift module; this file only gathers values and records alerts.
 */
import { defaultTest, isDriftStatistic, runTest, type DriftTest, type ReferenceProfile } from '../../mlpipe/drift/index.js';
import type { DriftAlert, DriftReport, DriftTargetResult } from '../../protocol/serving.js';
import type { LoggedRow, LogReader, PredictionLog } from '../serve/log.js';
import type { ServedModel } from '../serve/served.js';
import { computeMetrics } from '../../mlpipe/metrics/index.js';
import type { ReferenceFile } from './reference.js';
import { PREDICTION, type MonitoredValue } from './values.js';

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
  for (const d of served.config.monitor.drift) {
    if (!isDriftStatistic(d.statistic)) continue;
    out.push({ target: d.target, test: { statistic: d.statistic, op: d.op, threshold: d.threshold }, defaultTest: false });
    lined.add(d.target);
  }
  const profiles = served.reference?.targets ?? {};
  for (const t of [...served.run.plan.outputs.map((o) => o.feature), PREDICTION]) {
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

interface AlertRow {
  id: number;
  ts: number;
  target: string;
  statistic: string;
  value: number;
  threshold: number;
  window: number;
  model: string;
  version: number;
  action: string | null;
}

export function listAlerts(reader: LogReader, pipeline: string, limit = 100): DriftAlert[] {
  return reader.db
    .prepare<[string, number], AlertRow>('SELECT * FROM alerts WHERE pipeline = ? ORDER BY id DESC LIMIT ?')
    .all(pipeline, limit)
    .reverse()
    .map((a) => ({
      id: a.id,
      at: new Date(a.ts).toISOString(),
      target: a.target,
      statistic: a.statistic,
      value: a.value,
      threshold: a.threshold,
      window: a.window,
      model: { name: a.model, version: a.version },
      action: a.action,
    }));
}

/** Measures the last window of logged predictions against the reference. */
export function driftReport(of: ServedModel | MonitorSpec, reader: LogReader): DriftReport {
  const served = 'tests' in of ? of : monitorSpec(of);
  const model = { name: served.name, version: served.version };
  const alerts = listAlerts(reader, served.pipelineName);
  const window = served.window;
  if (!served.reference) {
    return { window, filled: 0, model, targets: [], alerts, note: `run ${served.runId} saved no drift reference: retrain it with this version of mlpipe` };
  }
  const rows = reader.lastWindow(served.pipelineName, window, model, { withInputs: false });
  if (rows.length === 0) return { window, filled: 0, model, targets: [], alerts, note: 'no predictions logged for this model version yet' };
  // A statistic over a partial window is noisy (20 predictions against a reference of
  // thousands flag everything), so the verdict waits for a full window; the value is shown.
  const full = rows.length >= window;
  const targets: DriftTargetResult[] = served.tests.map(({ target, test, defaultTest: isDefault }) => {
    const profile: ReferenceProfile | undefined = served.reference!.targets[target];
    if (!profile) return { target, statistic: test.statistic, value: null, threshold: test.threshold, op: test.op, drifted: full ? false : null, defaultTest: isDefault };
    const { value, drifted } = runTest(profile, valuesOf(rows, target), test);
    return { target, statistic: test.statistic, value: Number.isFinite(value) ? value : null, threshold: test.threshold, op: test.op, drifted: full ? drifted : null, defaultTest: isDefault };
  });
  const quality = windowQuality(served, reader, rows);
  return { window, filled: rows.length, model, targets, alerts, ...(quality ? { quality } : {}) };
}

/** The task's metrics over the window's predictions that got a feedback label. */
function windowQuality(served: MonitorSpec, reader: LogReader, rows: LoggedRow[]): DriftReport['quality'] {
  const labels = reader.db
    .prepare<[string, number, number], { id: string; label: string }>(
      'SELECT f.prediction_id AS id, f.label FROM feedback f JOIN predictions p ON p.id = f.prediction_id WHERE p.model = ? AND p.version = ? AND p.seq >= ?',
    )
    .all(served.name, served.version, rows[0].seq);
  if (labels.length < MIN_QUALITY_LABELS) return undefined;
  const byId = new Map(labels.map((l) => [l.id, l.label]));
  const { task, labels: classes } = served;
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (const r of rows) {
    const label = byId.get(r.id);
    if (label === undefined) continue;
    const truth = task === 'regression' ? Number(label) : (classes ?? []).indexOf(label);
    if (!Number.isFinite(truth) || truth < 0) continue; // a label the model does not know
    yTrue.push(truth);
    if (task === 'multiclass') {
      const p = r.prediction as { probabilities: Record<string, number> };
      for (const c of classes ?? []) yPred.push(p.probabilities[c]);
    } else yPred.push(r.prediction as number);
  }
  if (yTrue.length < MIN_QUALITY_LABELS) return undefined;
  const metrics = computeMetrics(task, Float64Array.from(yTrue), Float64Array.from(yPred), classes?.length) as Record<string, number>;
  return { labels: yTrue.length, metrics };
}

export interface MonitorHooks {
  /** Called with each new alert; returns what was done about it (recorded on the alert), or null (none yet). */
  onAlert?: (alert: { id: number; target: string }) => string | null;
  /** Called after each scheduled evaluation. */
  onReport?: (report: DriftReport) => void;
}

/**
 * Counts logged predictions and evaluates drift each time another `window` of them is written.
 * A crossed threshold records one alert per target and window.
 */
export class Monitor {
  private pending = 0;

  constructor(
    private readonly served: MonitorSpec,
    private readonly reader: LogReader,
    private readonly log: PredictionLog,
    private readonly hooks: MonitorHooks = {},
  ) {}

  get window(): number {
    return this.served.window;
  }

  /** Called with the number of predictions just written to the log. */
  written(n: number): void {
    if (!this.served.reference || !this.served.present) return;
    this.pending += n;
    if (this.pending < this.window) return;
    this.pending %= this.window;
    this.evaluate();
  }

  /** Evaluates now and records alerts for every drifted target (full windows only). */
  evaluate(): DriftReport {
    const report = driftReport(this.served, this.reader);
    for (const t of report.targets) {
      if (t.drifted !== true || t.value === null) continue;
      const id = this.log.recordAlert({
        pipeline: this.served.pipelineName,
        target: t.target,
        statistic: t.statistic,
        value: t.value,
        threshold: t.threshold,
        window: report.filled,
        model: this.served.name,
        version: this.served.version,
        action: null,
      });
      const action = this.hooks.onAlert?.({ id, target: t.target }) ?? null;
      if (action) this.log.setAlertAction(id, action);
    }
    this.hooks.onReport?.(report);
    return report;
  }
}
