/**
 * One evaluation that flags several targets starts one retrain, and the other alerts record
 * that a retrain is already running. When that retrain is skipped (the pipeline and every source
 * are unchanged since the last retrain), those alerts kept saying a retrain was running, though
 * none ran: `mlpipe drift` listed 'mass … no retrain: …' and then 'beak … recorded: a retrain of
 * this pipeline is already running (drift:mass)'. They now carry the skip and its reason too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { driftReport } from '../../../server/protocol/serving.js';
import { get, post, requestRows, trainedChurn, type Project } from './project.js';

const WINDOW = 500; // the churn example's monitor window

describe('alerts waiting on a retrain that is skipped', { timeout: 240_000 }, () => {
  let project: Project;
  let serving: Serving | undefined;
  before(async () => {
    project = await trainedChurn();
    // The sources hold the drifted world, and a retrain has already learned it.
    writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
    await runPipeline({ file: project.file, root: project.dir, trigger: 'drift:order_z' });
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it('say the retrain was skipped and why, as the alert that started it does', async () => {
    serving = await startServing(project.file, { port: 0 });
    // What `mlpipe serve` reads to print a counted alert with its recorded action (AlertLines.recorded).
    const followed: Array<{ action: string; ids: readonly number[] }> = [];
    serving.retrainer!.followDone((action, _outcome, ids) => followed.push({ action, ids }));
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
    for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${serving.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
    await serving.log!.flush(); // the window is complete: the monitor has evaluated it
    const outcome = await serving.retrainer!.last!;
    assert.match(outcome.skipped ?? '', /^the pipeline and every source are unchanged since retrain r-/);
    await serving.log!.flush();
    const { alerts } = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.ok(alerts.length >= 2, `several targets drift: ${JSON.stringify(alerts)}`);
    for (const a of alerts) assert.equal(a.action, `no retrain: ${outcome.skipped}`, `${a.target}: ${a.action}`);
    assert.deepEqual(followed, [{ action: `no retrain: ${outcome.skipped}`, ids: alerts.map((a) => a.id).sort((x, y) => x - y) }]);
  });
});
