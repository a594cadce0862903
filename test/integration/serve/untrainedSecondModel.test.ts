/**
 * Serving a model that the file's second `register` block takes, before it was ever trained: the
 * refusal said "train the pipeline first with 'mlpipe run p.mlpipe'", but a plain run trains the
 * first register block's model only (`modelsARunTrains`), so following it never registered the
 * served one. It names the `--model` that does; a model a plain run trains keeps the plain advice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { rowsCsv, stagedPipeline, stagedProject, type Project } from './project.js';

const PIPELINE = stagedPipeline('two_models', {
  features: 'feature x = fill_missing(t.x, 0)',
  models: [
    { name: 'm', registered: 'm_model' },
    { name: 'm2', registered: 'm2_model', epochs: 3, seed: 2 },
  ],
});

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,x,y', (i) => `${i},${(i % 5) / 5},${i % 2}`) });
});
after(() => project.dispose());

test("a registered model a plain run does not train: the refusal names the run's --model", { timeout: 60_000 }, async () => {
  await assert.rejects(loadServedModel(project.file, { model: 'm2_model@staging', monitor: false }), (e: Error) => {
    assert.match(e.message, /'m2_model' is not registered yet: train the pipeline first with 'mlpipe run \S+p\.mlpipe --model m2' \(it registers 'm2_model' when its gates pass\)$/);
    return true;
  });
  // Following it registers the model, and serving loads it.
  await runPipeline({ file: project.file, root: project.dir, model: 'm2' });
  assert.equal((await loadServedModel(project.file, { model: 'm2_model@staging', monitor: false })).name, 'm2_model');
});
