/**
 * A drift that persists (the server keeps serving the same version, so the same inputs keep
 * drifting) triggered a retrain every window, and each retrain, on sources that had not changed,
 * trained the same model again and registered it: v4, v5, v6 with identical weights, one per
 * 200 predictions. A retrain now runs unless the last completed run of the model it trains was
 * itself a retrain of the same pipeline text and source bytes: the first drift after a training
 * run retrains on unchanged data, as the spec says, and a persisting one does not again.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unchangedSinceLastRun } from '../../../server/backend/monitor/unchanged.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { reproduceRun } from '../../../server/backend/pipeline/reproduce.js';
import { trainedChurn, type Project } from './project.js';

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

describe('a drift retrain with nothing changed', { timeout: 180_000 }, () => {
  it('runs after a training run, is skipped after a retrain on the same inputs, until the pipeline or a source changes', async () => {
    assert.equal(await unchangedSinceLastRun(project.file, project.dir), undefined, 'the last run was a training run, not a retrain');
    const retrain = await runPipeline({ file: project.file, root: project.dir, trigger: 'drift:tenure_z' });
    const reason = await unchangedSinceLastRun(project.file, project.dir);
    assert.equal(reason, `the pipeline and every source are unchanged since retrain ${retrain.runId}, which trained 'churn_mlp' on them: a retrain would learn the same model`);
    const text = readFileSync(project.file, 'utf8');
    writeFileSync(project.file, text + '\n# edited\n');
    assert.equal(await unchangedSinceLastRun(project.file, project.dir), undefined, 'the pipeline changed');
    writeFileSync(project.file, text);
    assert.ok(await unchangedSinceLastRun(project.file, project.dir));
    appendFileSync(join(project.dir, 'data/orders.csv'), 'O999999,C00001,2025-05-30T10:00:00Z,12.50\n');
    assert.equal(await unchangedSinceLastRun(project.file, project.dir), undefined, 'a source changed');
  });

  it('is still skipped after a reproduction of the retrain: reproducing trains nothing new and registers nothing', async () => {
    // The sources as pinned (the test above appended a row): a reproduction checks the pipeline first.
    const orders = join(project.dir, 'data/orders.csv');
    writeFileSync(orders, readFileSync(orders, 'utf8').replace('O999999,C00001,2025-05-30T10:00:00Z,12.50\n', ''));
    const retrain = await runPipeline({ file: project.file, root: project.dir, trigger: 'drift:tenure_z' });
    await reproduceRun(retrain.runId, { root: project.dir });
    const reason = await unchangedSinceLastRun(project.file, project.dir);
    assert.equal(reason, `the pipeline and every source are unchanged since retrain ${retrain.runId}, which trained 'churn_mlp' on them: a retrain would learn the same model`);
  });

  it('a retrain on data newer than the pinned version can be reproduced: the run\'s recorded hashes are what it is judged by', async () => {
    const orders = join(project.dir, 'data/orders.csv');
    const pinned = readFileSync(orders, 'utf8');
    appendFileSync(orders, 'O999998,C00002,2025-05-29T10:00:00Z,40.00\n');
    try {
      const retrain = await runPipeline({ file: project.file, root: project.dir, trigger: 'drift:order_z' });
      const r = await reproduceRun(retrain.runId, { root: project.dir });
      assert.ok(r.identical, 'the reproduction is bitwise identical');
    } finally {
      writeFileSync(orders, pinned);
    }
  });
});
