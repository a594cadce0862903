/**
 * A file with two models whose `monitor` block watches the served one: training the other
 * (`mlpipe run`, which trains the first registered model, or `run --model`) built its drift
 * reference for every drift line on a feature outside its inputs, compiling features it does not
 * read against data loaded without their columns: the run failed after training with "feature
 * 'fb': 'level' is neither a feature nor a column of t" although the check was clean. The
 * reference now holds the trained model's own features only (its inputs and their closure).
 * Serving that version (`--model ra@staging`) under this monitor block is refused as before, but
 * no longer "because the line is newer than that version": it watches another model's feature.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { rowsCsv, stagedPipeline, stagedProject, twoModels, type Project } from './project.js';

const PIPELINE = stagedPipeline('two_models', {
  features: `feature fa       = standardize(t.a)
feature fb       = standardize(t.b)
feature fc       = fb * 2
feature toString = one_hot(t.level)`,
  models: twoModels(['fa'], ['fc', 'toString']),
  served: 'rb@staging',
  blocks: `monitor {
  drift fb       psi > 0.2
  drift toString js  > 0.1
  on_drift = alert
}`,
});

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,a,b,level,y', (i) => `${i},${(i % 7) / 7},${(i % 3) / 3},${'pqr'[i % 3]},${i % 2}`) });
});
after(() => project?.dispose());

test("training one model of two keeps the other's drift lines out of its reference", { timeout: 60_000 }, () => {
  assert.equal(project.run.registered?.name, 'ra');
  const reference = JSON.parse(readFileSync(join(project.run.artifactDir, 'reference.json'), 'utf8')) as { targets: Record<string, unknown> };
  assert.deepEqual(Object.keys(reference.targets).sort(), ['fa', 'prediction']);
});

test("serving the other model under this monitor block names the model the line watches, not a newer line", { timeout: 60_000 }, async () => {
  await assert.rejects(loadServedModel(project.file, { model: 'ra@staging' }), (e: Error) => {
    assert.match(e.message, /^monitor: 'drift fb psi' cannot be measured: 'ra' is registered from model 'ma', which does not read 'fb' \('mb' does\): this monitor block watches another model; serve that one, or remove the line$/);
    return true;
  });
});
