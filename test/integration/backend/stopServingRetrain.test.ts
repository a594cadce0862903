/**
 * The editor's Stop Serving (`serve/stop`) while the server's drift retrain trains: the backend
 * waited for the whole retrain (as long as it trains: minutes for a large model) before it
 * answered, and the server's Endpoints entry stayed. The retrain now ends with the server, its
 * run recorded as interrupted, as `mlpipe serve` stopped by Ctrl-C does.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { post, requestRows, trainedChurn, type Project } from '../serve/project.js';
import { startBackend, type RunningBackend } from './harness.js';

const WINDOW = 500; // the churn example's monitor window

let project: Project;
let backend: RunningBackend;
before(async () => {
  project = await trainedChurn();
  writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
  // A retrain that would take many minutes: the stop must not wait for it to end.
  writeFileSync(project.file, readFileSync(project.file, 'utf8').replace(/epochs\s*=\s*\d+/, 'epochs        = 100000'));
  backend = startBackend(project.dir);
});
after(async () => {
  await backend?.close();
  project?.dispose();
});

function retrainRun(): { id: string; status: string } | undefined {
  const store = openStore(project.dir);
  try {
    return store.listRuns().find((r) => r.params?.trigger);
  } finally {
    store.close();
  }
}

test('Stop Serving during a drift retrain stops the retrain and answers at once; the run is interrupted', { timeout: 240_000 }, async () => {
  const endpoint = await backend.rpc.request('serve/start', { file: project.file, port: 0 });
  const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
  for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${endpoint.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
  // The retrain's run is recorded running once its process has started training.
  const end = Date.now() + 120_000;
  while (retrainRun()?.status !== 'running') {
    assert.ok(Date.now() < end, `no retrain run started; stderr:\n${backend.stderr()}`);
    await new Promise((r) => setImmediate(r));
    await backend.rpc.request('serve/list', {});
  }
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 60_000)));
  const stopped = await Promise.race([backend.rpc.request('serve/stop', { url: endpoint.url }), late]);
  clearTimeout(timer);
  assert.deepEqual(stopped, { stopped: true }, `serve/stop ${stopped === 'still waiting' ? 'waited for the retrain' : 'failed'}`);
  assert.ok(Date.now() - started < 60_000);
  const end2 = Date.now() + 60_000;
  while (retrainRun()?.status === 'running') {
    assert.ok(Date.now() < end2, 'the retrain run is still running');
    await backend.rpc.request('serve/list', {});
  }
  assert.equal(retrainRun()?.status, 'interrupted');
});
