// The log thread's in-memory drift window must give the report a read-back from the store gives,
// value for value (Object.is), for the same predictions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProfile, defaultTest, runTest } from '../../../server/mlpipe/drift/index.js';
import { DriftWindow } from '../../../server/backend/monitor/driftWindow.js';
import { driftReport, driftReportInMemory, listAlerts, Monitor, valuesOf, type MonitorSpec, type TargetTest } from '../../../server/backend/monitor/monitor.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { PREDICTION } from '../../../server/backend/monitor/values.js';
import { driftReport as driftReportBody, type DriftReport } from '../../../server/protocol/serving.js';
import { qualityText } from '../../../server/mlpipe/drift/verdict.js';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, unpackBatch, type LogSource, type PackedBatch } from '../../../server/backend/serve/logBatch.js';
import { PredictionIds } from '../../../server/backend/serve/predictionIds.js';

const dirs: string[] = [];
const project = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'mlpipe-window-'));
  dirs.push(d);
  return d;
};

const SOURCE: LogSource = {
  pipeline: 'churn',
  model: 'churn_model',
  version: 2,
  names: ['tenure_z', 'plan', 'tickets', 'region'],
  categories: [null, ['basic', 'premium', 'pro'], null, ['north', 'south']],
};

/** A deterministic stream (the project's mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  const prng = new Mulberry32(seed);
  return () => prng.float();
}

/** Reference profiles of every kind the default test picks from (KS, chi2, Wasserstein, JS). */
function spec(window: number): MonitorSpec {
  const r = random(7);
  const many = (n: number, f: () => unknown) => Array.from({ length: n }, f);
  const targets = {
    tenure_z: buildProfile(many(600, () => r() * 4 - 2), 'numeric'), // KS p-value (small reference)
    tickets: buildProfile(many(300, () => Math.floor(r() * 4)), 'numeric'), // chi2 (few distinct values)
    plan: buildProfile(many(2000, () => ['basic', 'premium', 'pro'][Math.floor(r() * 3)]), 'categorical'), // JS
    region: buildProfile(many(200, () => (r() < 0.5 ? 'north' : 'south')), 'categorical'), // chi2
    never_coded: buildProfile(many(50, () => r()), 'numeric'), // a target no code carries: always missing
    [PREDICTION]: buildProfile(many(3000, () => r()), 'numeric'), // Wasserstein
  };
  const tests: TargetTest[] = [
    { target: 'tenure_z', test: { statistic: 'psi', op: '>', threshold: 0.2 }, defaultTest: false },
    { target: 'tenure_z', test: { statistic: 'ks', op: '>', threshold: 0.3 }, defaultTest: false },
    ...['tickets', 'plan', 'region', 'never_coded', PREDICTION].map((t) => ({ target: t, test: defaultTest(targets[t as keyof typeof targets]), defaultTest: true })),
  ];
  return { pipelineName: 'churn', name: 'churn_model', version: 2, runId: 'r1', window, present: true, reference: { format: 'mlpipe-reference/1', rows: 3000, targets }, tests, task: 'binary', labels: undefined };
}

let ids = 0;
/** A coded batch of n predictions with -0, NaN (missing), unseen (-1) and missing categories, odd answers. */
function batch(n: number, r: () => number, shift = 0): PackedBatch {
  const b = new LogBatchBuilder(SOURCE, n);
  for (let k = 0; k < n; k++) {
    const x = r();
    const answer = x < 0.05 ? -0 : x < 0.1 ? NaN : x < 0.12 ? 1e30 : r() + shift;
    const at = b.add(`p${++ids}`, 1_700_000_000_000 + ids, 90, { customer_id: `C${ids}` }, answer);
    const tenure = x < 0.1 ? -0 : x < 0.2 ? NaN : x < 0.25 ? 3.4028234663852886e38 : Math.fround(r() * 4 - 2 + shift);
    const plan = x < 0.1 ? -1 : x < 0.15 ? NaN : Math.floor(r() * 3);
    const tickets = x < 0.3 ? NaN : Math.floor(r() * (4 + shift * 3));
    const region = x > 0.9 ? NaN : x > 0.85 ? -1 : Math.floor(r() * 2);
    b.codes.set([tenure, plan, tickets, region], at);
  }
  return b.seal().batch;
}

const withoutAlerts = ({ alerts: _alerts, ...rest }: DriftReport) => rest;

describe('the in-memory drift window', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives the report a read-back from the store gives, through filling, wrapping and batches larger than the window', () => {
    const root = project();
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const s = spec(37);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    log.onBatchWritten = (b, firstSeq) => live.add(b, firstSeq);
    const r = random(11);
    try {
      let compared = 0;
      // Sizes chosen so the ring fills partially, wraps mid-batch, and takes a batch over twice its size.
      for (const [n, shift] of [[5, 0], [20, 0], [30, 0], [1, 0], [80, 0.5], [13, 0.5], [37, 1], [36, 0]] as const) {
        log.pushBatch(batch(n, r, shift));
        log.flush();
        const fromStore = driftReport(s, reader);
        const inMemory = driftReportInMemory(s, live, fromStore.alerts, null);
        assert.deepStrictEqual(inMemory, fromStore, `after a batch of ${n}`);
        // And value by value (deepStrictEqual compares with Object.is: -0 is not 0), a missing number being NaN in memory.
        const rows = reader.lastWindow('churn', s.window, { name: 'churn_model', version: 2 }, { withInputs: false });
        for (const t of new Set(s.tests.map((x) => x.target))) {
          const held = Array.from(live.values(t) as ArrayLike<unknown>, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
          assert.deepStrictEqual(held, valuesOf(rows, t), `${t} after a batch of ${n}`);
        }
        compared++;
      }
      assert.equal(compared, 8);
      // The comparison must have covered values, verdicts and a drifted window, not only nulls.
      const last = driftReport(s, reader);
      assert.equal(last.filled, 37);
      assert.ok(last.targets.some((t) => t.value !== null && t.value > 0));
    } finally {
      log.close();
      reader.close();
    }
  });

  it('refills from the store after a restart, and keeps alerts without listing them again', () => {
    const root = project();
    const s = spec(25);
    const r = random(5);
    const first = new PredictionLog(root);
    first.pushBatch(batch(18, r));
    first.close();

    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const reports: DriftReport[] = [];
    const monitor = new Monitor(s, reader, log, { onReport: (rep) => reports.push(rep), onAlert: () => 'noted' });
    log.onBatchWritten = (b, firstSeq) => monitor.logged(b, firstSeq);
    log.onWritten = (n) => monitor.written(n);
    try {
      for (const [n, shift] of [[4, 1], [9, 1], [30, 1], [39, 1]] as const) {
        log.pushBatch(batch(n, r, shift));
        log.flush();
        assert.deepStrictEqual(withoutAlerts(driftReportInMemory(s, monitor['live']!, [], null)), withoutAlerts(driftReport(s, reader)), `after a batch of ${n}`);
      }
      // 100 logged, 18 of them before the restart: the count goes on across it, so evaluations
      // come at the 25th, 50th, 75th and 100th (counted from the restart: 3, the last at the 93rd).
      assert.equal(reports.length, 4);
      const stored = driftReport(s, reader);
      const lastScheduled = reports[reports.length - 1];
      assert.deepStrictEqual(withoutAlerts(lastScheduled), withoutAlerts(stored));
      assert.ok(lastScheduled.targets.some((t) => t.drifted), 'the shifted traffic drifted');
      // What the thread knew of its alerts is what the store lists.
      const next = new PredictionLog(root);
      next.close();
      assert.deepStrictEqual(monitor['alerts'], listAlerts(reader, 'churn'));
      assert.ok(listAlerts(reader, 'churn').every((a) => a.action === 'noted'));
    } finally {
      log.close();
      reader.close();
    }
  });

  it('a server restarted more often than it logs a window still evaluates, at every window-th prediction of the version', () => {
    // A daily deploy that serves fewer predictions a day than a window: counted from each start,
    // no evaluation ever came. Against a window of 25: three starts of 10 single predictions, then
    // a start whose first request of 30 ends a window inside it, over 5 predictions an earlier
    // server logged and 20 of its own.
    const root = project();
    const s = spec(25);
    const r = random(7);
    const reports: DriftReport[] = [];
    const at: number[] = [];
    let logged = 0;
    for (const requests of [Array(10).fill(1), Array(10).fill(1), Array(10).fill(1), [30]]) {
      const log = new PredictionLog(root);
      const reader = new LogReader(root);
      const monitor = new Monitor(s, reader, log, { onReport: (rep) => (reports.push(rep), at.push(logged)), onAlert: () => null });
      log.onBatchWritten = (b, firstSeq) => monitor.logged(b, firstSeq);
      log.onWritten = (n) => monitor.written(n);
      try {
        for (const n of requests) {
          log.pushBatch(batch(n, r, 1));
          logged += n;
          log.flush();
        }
      } finally {
        log.close();
        reader.close();
      }
    }
    // The 25th prediction came in the third start, the 50th inside the fourth start's request.
    assert.deepEqual(at, [25, 60]);
    for (const report of reports) {
      assert.equal(report.filled, 25, 'the window holds the version\'s last 25, whichever server logged them');
      assert.ok(report.targets.every((t) => t.drifted !== null), 'a full window gets verdicts');
    }
  });

  it('evaluates every window a batch completes, not only the last one', () => {
    // One request of 1,000 rows (or a flush's worth under load) against a window of 200 ends five
    // windows; evaluating once per batch measured the last of them only, and the drift of the
    // others raised no alert.
    const root = project();
    const s = spec(20);
    const r = random(11);
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const reports: DriftReport[] = [];
    const monitor = new Monitor(s, reader, log, { onReport: (rep) => reports.push(rep), onAlert: () => null });
    log.onBatchWritten = (b, firstSeq) => monitor.logged(b, firstSeq);
    log.onWritten = (n) => monitor.written(n);
    try {
      log.pushBatch(batch(15, r));
      log.flush();
      assert.equal(reports.length, 0);
      // 60 more: windows end at the 20th, 40th and 60th prediction; 15 are left toward the next.
      log.pushBatch(batch(60, r, 3));
      log.flush();
      assert.equal(reports.length, 3);
      // Each report measured the 20 predictions before its boundary, in order.
      const all = reader.lastWindow('churn', 80, { name: 'churn_model', version: 2 }, { withInputs: false });
      for (const [i, end] of [20, 40, 60].entries()) {
        const rows = all.slice(end - 20, end);
        const ps = s.reference!.targets[PREDICTION];
        const expected = runTest(ps, valuesOf(rows, PREDICTION), s.tests.find((t) => t.target === PREDICTION)!.test).value;
        assert.equal(reports[i].targets.find((t) => t.target === PREDICTION)!.value, expected, `window ending at ${end}`);
      }
      assert.ok(reports.slice(1).every((rep) => rep.targets.some((t) => t.drifted)), 'every shifted window drifted');
      log.pushBatch(batch(10, r));
      log.flush();
      assert.equal(reports.length, 4, 'the 80th prediction ends the fourth window');
      // One alert per drifted target and window, no more.
      const drifted = reports.reduce((n, rep) => n + rep.targets.filter((t) => t.drifted).length, 0);
      assert.equal(listAlerts(reader, 'churn').length, drifted);
    } finally {
      log.close();
      reader.close();
    }
  });

  it('does not count a coded batch twice, nor evaluate once quiet', () => {
    const root = project();
    const s = spec(10);
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const reports: DriftReport[] = [];
    const monitor = new Monitor(s, reader, log, { onReport: (rep) => reports.push(rep) });
    log.onBatchWritten = (b, firstSeq) => monitor.logged(b, firstSeq);
    log.onWritten = (n) => monitor.written(n);
    try {
      log.pushBatch(batch(25, random(2)));
      log.flush();
      assert.equal(reports.length, 2);
      monitor.quiet = true;
      log.pushBatch(batch(25, random(3)));
      log.flush();
      assert.equal(reports.length, 2);
    } finally {
      log.close();
      reader.close();
    }
  });

  it('forgets what retention pruned', () => {
    const s = spec(10);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    const b = unpackBatch(batch(8, random(3)));
    live.add(b, 1);
    live.prune(b.ts[3]);
    assert.equal(live.filled, 5);
    assert.deepEqual(live.rows().ids, Array.from({ length: 5 }, (_, k) => b.id(3 + k)));
  });

  it("gives back its rows' ids as made, a writer's counter ids and others, across the ring's wrap", () => {
    const s = spec(10);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    const writer = new PredictionIds();
    writer.counter = 30; // the base-36 digit count changes inside the window
    const made: string[] = [];
    for (const n of [4, 9, 3]) {
      const b = new LogBatchBuilder(SOURCE, n, undefined, writer);
      for (let k = 0; k < n; k++) {
        const id = k === 1 ? `given-${made.length}` : writer.next();
        made.push(id);
        b.codes.set([0, 0, 0, 0], b.add(id, 1_700_000_000_000, 90, { customer_id: id }, 0.5));
      }
      live.add(unpackBatch(b.seal().batch), made.length - n + 1);
    }
    assert.deepEqual(live.rows().ids, made.slice(-10));
  });

  it('a window with feedback labels but no quality says why: too few labels, or a window smaller than quality needs', () => {
    for (const [window, labelled, note] of [
      [20, 20, "quality needs 50 predictions with feedback labels in one window, and the monitor's window is 20: set 'window' to 50 or more to measure it"],
      [80, 30, "30 of the window's predictions have feedback labels the model knows; quality is measured from 50"],
      [80, 0, undefined],
    ] as const) {
      const root = project();
      const log = new PredictionLog(root);
      const reader = new LogReader(root);
      try {
        const b = batch(window, random(3));
        log.pushBatch(b);
        log.flush();
        const ids = reader.lastWindow('churn', window, { name: 'churn_model', version: 2 }, { withInputs: false }).map((row) => row.id);
        if (labelled) log.feedback(ids.slice(0, labelled).map((id, i) => ({ id, label: i % 2 ? 'yes' : 'no' })));
        const s = { ...spec(window), labels: ['no', 'yes'] };
        const report = driftReport(s, reader);
        assert.equal(report.quality, undefined);
        assert.equal(report.qualityNote, note, `window ${window}, ${labelled} labels`);
      } finally {
        log.close();
        reader.close();
      }
    }
  });
  it('a regression window counts every feedback label, negative targets included, in its quality', () => {
    // A negative regression label was skipped as "a label the model does not know" (the class
    // lookup's -1 test applied to numbers too), so quality left out every negative target.
    const root = project();
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    try {
      const window = 60;
      const b = new LogBatchBuilder(SOURCE, window);
      const predicted = Array.from({ length: window }, (_, i) => i / 4 - 5); // -5 … 9.75, float32-exact
      for (let i = 0; i < window; i++) b.codes.set([0, 0, 0, 0], b.add(`q${i}`, 1_700_000_000_000 + i, 90, {}, predicted[i]));
      log.pushBatch(b.seal().batch);
      log.flush();
      const truth = predicted.map((p, i) => p + (i % 2 ? 1 : -0.5)); // a third of them negative
      log.feedback(truth.map((label, i) => ({ id: `q${i}`, label })));
      const report = driftReport({ ...spec(window), task: 'regression' }, reader);
      assert.equal(report.quality?.labels, window, 'every labelled prediction counts');
      assert.equal(report.quality.metrics.mae, 0.75);
      assert.equal(report.quality.metrics.rmse, Math.sqrt((1 + 0.25) / 2));
    } finally {
      log.close();
      reader.close();
    }
  });
  it("a metric the window's labels cannot give is null, in process and in JSON, and reads 'not computed'", () => {
    // Every label one class: auc is NaN, which GET /drift's JSON (and the editor's messages) carry
    // as null; the protocol's schema refused that body and the Drift panel's quality line threw
    // "Cannot read properties of null (reading 'toPrecision')".
    const root = project();
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    try {
      const window = 60;
      const b = new LogBatchBuilder(SOURCE, window);
      for (let i = 0; i < window; i++) b.codes.set([0, 0, 0, 0], b.add(`c${i}`, 1_700_000_000_000 + i, 90, {}, 0.75));
      log.pushBatch(b.seal().batch);
      log.flush();
      log.feedback(Array.from({ length: window }, (_, i) => ({ id: `c${i}`, label: 'yes' })));
      const report = driftReport({ ...spec(window), labels: ['no', 'yes'] }, reader);
      assert.equal(report.quality?.metrics.auc, null);
      assert.equal(report.quality?.metrics.accuracy, 1);
      const body = driftReportBody.parse(JSON.parse(JSON.stringify(report)));
      assert.match(qualityText(body) ?? '', /^quality over 60 predictions with feedback labels: accuracy 1\.000  auc not computed  /);
    } finally {
      log.close();
      reader.close();
    }
  });
  it('a full window whose oldest prediction is in slot 0 is read without a copy, in order, and a wrapped one as a copy in order', () => {
    // A check every `window` predictions finds the ring aligned: copying it for each target was
    // a new array, two views and two sets per target per check on the log thread.
    const s = spec(10);
    const live = new DriftWindow(10, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    const rows = (n: number, from: number) => {
      const b = new LogBatchBuilder(SOURCE, n);
      for (let k = 0; k < n; k++) b.codes.set([from + k, (from + k) % 3, from + k, (from + k) % 2], b.add(`w${from + k}`, 1_700_000_000_000 + from + k, 90, {}, (from + k) / 100));
      return unpackBatch(b.seal().batch);
    };
    live.add(rows(10, 0), 1);
    const first = live.values('tenure_z');
    assert.equal(live.values('tenure_z'), first, 'the same ring, not a fresh copy');
    assert.deepStrictEqual(Array.from(first as ArrayLike<number>), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // A category column is counted by its codes at a check (`summary`), never read as values there.
    assert.deepStrictEqual(live.values('plan'), Array.from({ length: 10 }, (_, i) => SOURCE.categories[1]![i % 3]));
    live.add(rows(4, 10), 11);
    const wrapped = live.values('tenure_z');
    assert.notEqual(live.values('tenure_z'), wrapped);
    assert.deepStrictEqual(Array.from(wrapped as ArrayLike<number>), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert.deepStrictEqual(Array.from(live.values('plan')), Array.from({ length: 10 }, (_, i) => SOURCE.categories[1]![(4 + i) % 3]));
  });
});
