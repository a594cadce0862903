/**
 * A drift that persists on unchanged sources alerts every window, and each alert forked a retrain
 * process that loaded the bundle, read the store and hashed every source, only to answer "no
 * retrain: … unchanged" (0.9 s a time on 3,000 rows; 64 such processes in a 220-window life). The
 * retrainer now keeps that answer with the state of every file it read (the pipeline, the run
 * store, the sources) and gives it again without a process while none has changed.
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Retrainer } from '../../../server/backend/monitor/retrain.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { trainedChurn, type Project } from './project.js';

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

it('a skipped retrain is answered again without a process until a source changes', { timeout: 240_000 }, async () => {
  // The last run of the model is a retrain: the next drift retrain would repeat it.
  await runPipeline({ file: project.file, root: project.dir, trigger: 'drift:order_z' });
  const sources = ['customers.csv', 'orders.csv'].map((f) => join(project.dir, 'data', f));
  const done: Array<[number, string]> = [];
  const retrainer = new Retrainer(project.file, project.dir, (id, action) => done.push([id, action]), sources);

  assert.equal(retrainer.trigger(1, 'order_z'), 'retrain started (drift:order_z)');
  const first = retrainer.last!;
  const outcome = await first;
  assert.ok(outcome.skipped, JSON.stringify(outcome));
  assert.deepEqual(done, [[1, `no retrain: ${outcome.skipped}`]]);

  // The same answer, at once, and no process.
  assert.equal(retrainer.trigger(2, 'order_z'), `no retrain: ${outcome.skipped}`);
  assert.equal(retrainer.child, null);
  assert.equal(retrainer.last, first, 'no retrain was started');
  assert.equal(retrainer.busy, false);

  // A source changed: a process decides again (and retrains: stopped here, it is not the point).
  appendFileSync(sources[1], 'O999999,C00001,2025-05-30T10:00:00Z,12.50\n');
  assert.equal(retrainer.trigger(3, 'order_z'), 'retrain started (drift:order_z)');
  assert.notEqual(retrainer.last, first);
  // (read through a function: the assertion above narrowed `child` to null for TypeScript)
  const child = (r: Retrainer) => r.child;
  child(retrainer)?.kill('SIGKILL');
  await retrainer.last;
});
