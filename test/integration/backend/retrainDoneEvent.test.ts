/**
 * A drift retrain started by a server the editor runs: its outcome replaces the action its alerts
 * recorded ('retrain started (drift:x)' becomes 'retrain finished …' or 'no retrain: …'), but the
 * backend said nothing when it did, so the Drift panel (refreshed on events) kept showing
 * 'retrain started' and the output never said how the retrain ended, which `mlpipe serve` prints
 * (its summary reads the recorded action, `AlertLines.recorded`). The backend now pushes a
 * `retrainDone` event with the recorded action, and says it in the output.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import { liveServing } from '../../../server/backend/rpc/liveServing.js';
import type { BackendEvent } from '../../../server/protocol/backend.js';
import type { DriftReport } from '../../../server/protocol/serving.js';
import { post, requestRows, trainedChurn, type Project } from '../serve/project.js';

const WINDOW = 500; // the churn example's monitor window

let project: Project;
before(async () => {
  project = await trainedChurn();
  writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
});
after(() => project?.dispose());

test("a drift retrain's outcome reaches the editor as the action the store records", { timeout: 240_000 }, async () => {
  const events: BackendEvent[] = [];
  const said: string[] = [];
  let done: (e: Extract<BackendEvent, { kind: 'retrainDone' }>) => void;
  const retrained = new Promise<Extract<BackendEvent, { kind: 'retrainDone' }>>((resolve) => (done = resolve));
  const serving = liveServing(
    (e) => {
      events.push(e);
      if (e.kind === 'retrainDone') done(e);
    },
    (line) => said.push(line),
  );
  try {
    const endpoint = await serving.start(project.file, 0);
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
    for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${endpoint.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
    const e = await retrained;
    assert.equal(e.url, endpoint.url);
    assert.equal(e.file, project.file);
    assert.ok(e.alertIds.length > 0);
    const alerted = events.flatMap((a) => (a.kind === 'alert' ? [a.alertId] : []));
    for (const id of e.alertIds) assert.ok(alerted.includes(id), `alert ${id} was pushed before its outcome`);
    const report = (await (await fetch(`${endpoint.url}/drift`)).json()) as DriftReport;
    for (const id of e.alertIds) assert.equal(report.alerts.find((a) => a.id === id)?.action, e.action, `alert ${id}'s recorded action`);
    assert.ok(said.includes(`churn.mlpipe: ${e.action}`), `output lines: ${JSON.stringify(said)}`);
  } finally {
    await serving.closeAll();
  }
});
