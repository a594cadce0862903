import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import type { BackendEvent } from '../../../server/protocol/backend.js';
import { post, requestRows } from '../serve/project.js';
import { fixtureWorkspace, startBackend, type RunningBackend } from './harness.js';

const WINDOW = 500; // the churn example's monitor window

// Alerts only: this test retrains by hand, so the monitor must not start its own retrain.
const ws = fixtureWorkspace();
writeFileSync(ws.file, readFileSync(ws.file, 'utf8').replace(/on_drift\s*=\s*retrain/, 'on_drift = alert'));
let backend: RunningBackend;
/** When each 'driftChanged' event arrived. */
const driftTimes: number[] = [];
before(() => {
  backend = startBackend(ws.dir);
  backend.rpc.onEvent((e) => e.kind === 'driftChanged' && driftTimes.push(Date.now()));
});
after(async () => {
  await backend.close();
  ws.dispose();
});

async function send(url: string, rows: unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    const r = await post(`${url}/predict`, { rows: rows.slice(i, i + 50) });
    assert.equal(r.status, 200, r.text);
  }
}

type Alert = Extract<BackendEvent, { kind: 'alert' }>;
type DriftChanged = Extract<BackendEvent, { kind: 'driftChanged' }>;

/** The first 'driftChanged' event for `url` whose window holds `filled` predictions. */
function driftChanged(url: string, filled: number): Promise<DriftChanged> {
  return backend.next((e) => (e.kind === 'driftChanged' && e.url === url && e.window?.filled === filled ? e : undefined), `a driftChanged event with ${filled} predictions in the window`, 30_000);
}

test('drifted traffic makes the backend push alerts; the Drift view reads targets, distributions and history; Retrain now trains into staging with trigger manual', { timeout: 300_000 }, async () => {
  const run = await backend.rpc.request('run/start', { jobId: 'train', file: ws.file, backend: 'cpu' });
  await backend.rpc.request('models/promote', { folder: ws.dir, name: run.registered!.name, version: run.registered!.version, stage: 'production' });
  const endpoint = await backend.rpc.request('serve/start', { file: ws.file, port: 0 });

  // Half a window: the verdict is held and nothing alerts.
  const calm = requestRows(join(ws.dir, 'data/customers.csv'), 3);
  await send(endpoint.url, calm.slice(0, WINDOW / 2));
  const filling = await backend.rpc.request('drift/detail', { url: endpoint.url });
  assert.equal(filling.window, WINDOW);
  assert.equal(filling.filled, WINDOW / 2);
  assert.ok(filling.targets.every((t) => t.drifted === null), 'a filling window holds its verdict');
  // The Endpoints tree and CodeLens read serve/list: the same held verdict and the fill.
  const [listedFilling] = await backend.rpc.request('serve/list', {});
  assert.deepEqual(listedFilling.window, { size: WINDOW, filled: WINDOW / 2 });
  assert.ok(listedFilling.drift.length > 0 && listedFilling.drift.every((t) => t.drifted === null), JSON.stringify(listedFilling.drift));
  assert.equal(backend.events.filter((e) => e.kind === 'alert').length, 0);
  // The tree is told without asking: the event carries the new fill and what serve/list says.
  const pushedFilling = await driftChanged(endpoint.url, WINDOW / 2);
  assert.deepEqual(pushedFilling.window, listedFilling.window);
  assert.deepEqual(pushedFilling.drift, listedFilling.drift);

  // The world changes: drifted rows fill the window.
  writeChurnData(join(ws.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
  const drifted = requestRows(join(ws.dir, 'data/customers.csv'), 2);
  assert.ok(drifted.length >= WINDOW * 2.5);
  await send(endpoint.url, drifted.slice(0, WINDOW * 2.5));
  // More support tickets in the drifted world: the default test (wasserstein >= 0.1) alerts.
  const alert = await backend.next((e) => (e.kind === 'alert' && e.target === 'tickets' ? (e as Alert) : undefined), 'an alert on tickets');
  assert.equal(alert.url, endpoint.url);
  assert.equal(alert.file, ws.file);
  assert.equal(alert.statistic, 'wasserstein');
  assert.equal(alert.threshold, 0.1);
  assert.ok(alert.value >= alert.threshold, `wasserstein ${alert.value} crosses 0.1`);
  assert.match(alert.model, /^churn_model v1$/);
  const [listedFull] = await backend.rpc.request('serve/list', {});
  assert.equal(listedFull.window?.filled, WINDOW);
  const tickets = listedFull.drift.find((t) => t.target === 'tickets');
  assert.equal(tickets?.drifted, true, 'a full window gives verdicts');
  assert.equal(tickets?.op, '>=');
  const pushedFull = await driftChanged(endpoint.url, WINDOW);
  assert.equal(pushedFull.drift.find((t) => t.target === 'tickets')?.drifted, true, 'the pushed state has the verdicts of the full window');
  // At most one a second (the first of a burst at once).
  const span = driftTimes.at(-1)! - driftTimes[0]!;
  assert.ok(driftTimes.length <= Math.floor(span / 1000) + 2, `${driftTimes.length} driftChanged events in ${span} ms`);

  const detail = await backend.rpc.request('drift/detail', { url: endpoint.url });
  assert.equal(detail.filled, WINDOW);
  const order = detail.targets.find((t) => t.target === 'tickets')!;
  assert.equal(order.drifted, true);
  assert.equal(order.bins.reference.length, order.bins.live.length);
  assert.equal(order.bins.labels.length, order.bins.reference.length);
  assert.equal(order.bins.live.reduce((a, b) => a + b, 0), WINDOW, 'the live histogram counts the whole window');
  assert.equal(order.history.length, 3, 'three full windows logged (250 calm + 1250 drifted)');
  assert.deepEqual(order.history.map((h) => h.end), [500, 1000, 1500]);
  assert.equal(order.history.at(-1)!.value, order.value, 'the last history point is the latest evaluation');
  const plan = detail.targets.find((t) => t.target === 'plan')!;
  assert.ok(plan.bins.labels.includes('basic'), plan.bins.labels.join(','));
  // The event carries the alert as the store holds it (the log thread sends its row; nothing is read back).
  const stored = detail.alerts.find((a) => a.id === alert.alertId);
  assert.ok(stored, 'the pushed alert is in the store');
  assert.deepEqual(
    { target: alert.target, statistic: alert.statistic, value: alert.value, threshold: alert.threshold, at: alert.at, model: alert.model },
    { target: stored.target, statistic: stored.statistic, value: stored.value, threshold: stored.threshold, at: stored.at, model: `${stored.model.name} v${stored.model.version}` },
  );
  await assert.rejects(backend.rpc.request('drift/detail', { url: 'http://127.0.0.1:1' }), /no model is served/);

  // Retrain now: the drift retrain's path, by hand.
  const retrain = await backend.rpc.request('run/retrain', { jobId: 'retrain', file: ws.file });
  assert.ok(backend.events.some((e) => e.kind === 'runStarted' && e.jobId === 'retrain'));
  assert.ok(backend.events.some((e) => e.kind === 'runFinished' && e.jobId === 'retrain' && e.status === 'completed'));
  if (retrain.gates.passed) assert.deepEqual(retrain.registered, { name: 'churn_model', version: 2, stage: 'staging' }, 'staging only, never production');
  else assert.equal(retrain.registered, null);
  const detailRun = await backend.rpc.request('runs/get', { folder: ws.dir, runId: retrain.runId, buckets: 1 });
  assert.equal(detailRun.run.params.trigger, 'manual');
  const models = await backend.rpc.request('models/list', { folder: ws.dir });
  assert.equal(models.find((m) => m.name === 'churn_model')!.productionVersion, 1, 'production is untouched');
});
