import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { logPath } from '../../../server/backend/serve/log.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { driftReport, type DriftReport } from '../../../server/protocol/serving.js';
import { mlpipe, get, post, requestRows, serveProcess, trainedChurn, type Project } from './project.js';

const WINDOW = 500; // the churn example's monitor window
/**
 * The 95th-percentile /health latency allowed while a retrain runs. Training in the serving
 * process blocks its event loop for whole epochs, so nearly every answer waits (measured: 62
 * answers during the retrain, slowest 1,589 ms). In a child process answers are quick except
 * when the 2 shared cores are starved: at load 10 one answer and one event-loop stall reached
 * about 1 s among 1,068 answers. A single stall is the machine's, not the server's, so the
 * bound is on the 95th percentile, which a blocked loop fails and a busy machine does not.
 */
const HEALTH_P95_BOUND_MS = 400;

/** Sends rows in requests of 50, as traffic would arrive. */
async function send(url: string, rows: ReturnType<typeof requestRows>): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    const r = await post(`${url}/predict`, { rows: rows.slice(i, i + 50) });
    assert.equal(r.status, 200, r.text);
  }
}

const drifted = (r: DriftReport) => r.targets.filter((t) => t.drifted).map((t) => t.target).sort();

/** The same CSV rows in other bytes: LF line ends become CRLF (or back). */
function rewriteLineEnds(path: string): void {
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n'));
}

describe('drift monitoring and the retrain it triggers', () => {
  let project: Project;
  let serving: Serving | undefined;
  before(async () => {
    project = await trainedChurn();
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it('a window still filling reports its values and holds every verdict; no alert is raised', async () => {
    await serving?.close(); // an earlier test that failed before its own close left it running
    serving = await startServing(project.file, { port: 0 });
    // Twenty rows of the drifted world: a verdict on so few would be noise, whatever it said.
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-drifted-'));
    try {
      writeChurnData(dir, { customers: 300, drift: true, seed: DEFAULT_SEED });
      await send(serving.url, requestRows(join(dir, 'customers.csv')).slice(0, 20));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const report = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.equal(report.window, WINDOW);
    assert.equal(report.filled, 20);
    assert.ok(report.targets.length > 0);
    for (const t of report.targets) {
      assert.equal(t.drifted, null, `${t.target} judged on a partial window`);
      assert.equal(typeof t.value, 'number');
      // Each target's missing share beside training's (a reference of this version has every share).
      assert.ok(t.missing && t.missing.window >= 0 && t.missing.window <= 1 && typeof t.missing.training === 'number', `${t.target} missing: ${JSON.stringify(t.missing)}`);
    }
    assert.deepEqual(report.alerts, []);
    assert.ok((await serving.monitor!.evaluate()).targets.every((t) => t.drifted === null));
    assert.deepEqual(driftReport.parse((await get(`${serving.url}/drift`)).json).alerts, [], 'an evaluation of a partial window raises none');
    const text = await mlpipe(['drift', project.file], { NO_COLOR: '1' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /20 of 500 predictions; verdict held/);
    assert.match(text.stdout, /order_z\s+psi\s+[0-9.]+ > 0.2\s+held/);
    await serving.close();
    serving = undefined;
    // Windows end at every 500th prediction the version logged, whichever server logged it: left
    // in the log, these 20 drifted rows would open the next test's window. The tests below each
    // send whole windows of their own traffic.
    for (const suffix of ['', '-wal', '-shm']) rmSync(logPath(project.dir) + suffix, { force: true });
  });

  it('traffic like the training data flags nothing', async () => {
    await serving?.close(); // an earlier test that failed before its own close left it running
    serving = await startServing(project.file, { port: 0 });
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
    await send(serving.url, rows);
    const report = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.equal(report.window, WINDOW);
    assert.deepEqual(drifted(report), [], JSON.stringify(report.targets));
    assert.deepEqual(report.alerts, []);
    assert.equal(serving.retrainer?.last, null);
    await serving.close();
    serving = undefined;
  });

  it('drifted traffic flags the shifted features and not the others, records alerts and retrains once into staging', async () => {
    // The world changes: the sources now hold the generator's drifted data (cheaper orders,
    // more basic plans and so lower charges, more tickets).
    writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
    await serving?.close(); // an earlier test that failed before its own close left it running
    serving = await startServing(project.file, { port: 0 });
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
    await send(serving.url, rows);
    await serving.log!.flush(); // the window is complete: the monitor has evaluated it
    const report = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.equal(report.window, WINDOW);
    const flagged = drifted(report);
    for (const t of ['order_z', 'plan', 'tickets', 'charges']) assert.ok(flagged.includes(t), `${t} should drift: ${JSON.stringify(report.targets)}`);
    // Tenure is drawn the same way in both worlds. (Order counts are too, but more churn among
    // disengaged customers changes which snapshots exist, so orders_90d shifts a little as well.)
    assert.ok(!flagged.includes('tenure_z'), `tenure_z should not drift: ${JSON.stringify(report.targets)}`);
    // One alert per drifted target, with what the issue asks each to hold.
    const alerts = report.alerts;
    assert.deepEqual(alerts.map((a) => a.target).sort(), flagged);
    for (const a of alerts) {
      assert.equal(a.window, WINDOW);
      assert.deepEqual(a.model, { name: 'churn_model', version: 1 });
      const t = report.targets.find((x) => x.target === a.target)!;
      assert.equal(a.statistic, t.statistic);
      assert.equal(a.threshold, t.threshold);
    }
    // One retrain for the pipeline; the other alerts are recorded, not queued.
    assert.equal(alerts.filter((a) => a.action?.startsWith('retrain started')).length, 1);
    // The others name the retrain the first started, whose outcome replaces its own action.
    const started = alerts.find((a) => a.action?.startsWith('retrain started'))!;
    for (const a of alerts) if (a !== started) assert.equal(a.action, `recorded: a retrain of this pipeline is already running (drift:${started.target})`);

    // The retrain trains in a child process, so this one keeps answering while it runs:
    // /health is asked back to back until the retrain ends.
    const child = serving.retrainer!.child;
    assert.ok(child?.pid && child.pid !== process.pid, 'the retrain runs in its own process');
    const latencies: number[] = [];
    while (serving.retrainer!.busy) {
      const t = performance.now();
      assert.equal((await get(`${serving.url}/health`)).status, 200);
      latencies.push(performance.now() - t);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))]!;
    assert.ok(latencies.length >= 10, `only ${latencies.length} answers during the retrain`);
    assert.ok(p95 < HEALTH_P95_BOUND_MS, `during the retrain: ${latencies.length} /health answers, p95 ${p95.toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms`);

    const outcome = await serving.retrainer!.last!;
    assert.equal(outcome.error, undefined);
    assert.ok(outcome.gatesPassed);
    assert.deepEqual(outcome.registered, { name: 'churn_model', version: 2, stage: 'staging' });
    const store = openStore(project.dir);
    try {
      const run = store.getRun(outcome.runId!)!;
      const first = alerts.find((a) => a.action?.startsWith('retrain started'))!;
      assert.equal(run.params.trigger, `drift:${first.target}`);
      assert.equal(run.notes, `trigger: drift:${first.target}`);
      assert.notEqual(run.dataVersions.customers, project.run.dataVersions.customers, 'trained on the sources as they are now');
      assert.equal(openRegistry(store).getVersion('churn_model', 'production').version, 1, 'never promoted by itself');
    } finally {
      store.close();
    }
    const after = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.match(after.alerts.find((a) => a.action?.startsWith('retrain '))?.action ?? '', /registered churn_model v2 \(staging\)/);
  });

  it('mlpipe drift prints the same report and the alerts', async () => {
    const r = await mlpipe(['drift', project.file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = driftReport.parse(JSON.parse(r.stdout));
    assert.ok(drifted(report).includes('order_z'));
    assert.ok(report.alerts.length >= 4);
    const text = await mlpipe(['drift', project.file], { NO_COLOR: '1' });
    assert.equal(text.status, 0);
    assert.match(text.stdout, /order_z\s+psi\s+[0-9.]+ > 0.2\s+DRIFTED/);
    assert.match(text.stdout, /tenure_z\s+wasserstein\s+[0-9.]+ >= 0.1\s+ok\s+\(default test\)/);
  });

  it('a retrain process that dies is recorded as failed with its reason, and serving goes on', async () => {
    // The sources still hold the drifted world, so a full window of it raises alerts again; their
    // bytes change (the same rows, CRLF line ends), or the retrain would be skipped as repeating
    // the last run.
    rewriteLineEnds(join(project.dir, 'data/customers.csv'));
    await serving?.close();
    serving = await startServing(project.file, { port: 0 });
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 5).slice(0, WINDOW);
    await send(serving.url, rows);
    await serving.log!.flush();
    const child = serving.retrainer!.child;
    assert.ok(child?.pid, 'a retrain started');
    child.kill('SIGKILL');
    const outcome = await serving.retrainer!.last!;
    assert.match(outcome.error ?? '', /the retrain process was killed \(SIGKILL\) before it finished/);
    assert.equal(outcome.registered, null);
    assert.equal(serving.retrainer!.busy, false);
    const report = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.ok(report.alerts.some((a) => a.action === `retrain failed: ${outcome.error}`), JSON.stringify(report.alerts.map((a) => a.action)));
    assert.equal((await get(`${serving.url}/health`)).status, 200);
    assert.equal((await post(`${serving.url}/predict`, { rows: rows.slice(0, 3) })).status, 200);
    // Nothing stays stuck: the next alert may start a retrain again.
    assert.match(serving.retrainer!.trigger(report.alerts.at(-1)!.id, 'order_z'), /^retrain started/);
    serving.retrainer!.child?.kill('SIGKILL');
    await serving.retrainer!.last;
  });

  it('mlpipe serve in a terminal prints the drift alerts and how the retrain it started ended', async () => {
    await serving?.close();
    serving = undefined;
    // Other bytes since the last run (the same rows), so the alert's retrain runs, not skipped.
    rewriteLineEnds(join(project.dir, 'data/orders.csv'));
    const server = await serveProcess(project.file);
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
    try {
      // The sources still hold the drifted world: a full window of it alerts and retrains.
      await send(server.url, requestRows(join(project.dir, 'data/customers.csv'), 3).slice(0, WINDOW));
      await server.until(/drift alert on 'order_z': psi [0-9.e+-]+, threshold 0\.2 \(retrain started \(drift:\w+\)\)|drift alert on 'order_z': psi [0-9.e+-]+, threshold 0\.2 \(recorded: a retrain of this pipeline is already running \(drift:\w+\)\)/, 'the order_z alert');
      assert.equal((server.stderr().match(/\(retrain started \(drift:/g) ?? []).length, 1, server.stderr());
      await server.until(/retrain r-\S+: registered churn_model v\d+ \(staging\)\n/, 'the retrain ended');
    } finally {
      server.child.kill('SIGINT');
    }
    assert.equal(await exited, 0, server.stderr());
    // The run list says why the retrained run exists.
    const runId = /retrain (r-\S+): registered/.exec(server.stderr())![1];
    const listed = await mlpipe(['runs', project.file], { NO_COLOR: '1' });
    assert.match(listed.stdout.split('\n').find((l) => l.startsWith(runId)) ?? '', /\(trigger: drift:\w+\)/, listed.stdout);
  });
});

