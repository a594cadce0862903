/**
 * A drift retrain trains the model that drifted. In a file with two models, serving the second
 * registered one (`rb`, from `mb`), the retrain ran the pipeline as `mlpipe run` does, which
 * trains the first registered model: drift on `rb` registered `ra v2` and left `rb` as it was.
 * The retrain now trains the model the served registered name's `register` block takes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { post, rowsCsv, stagedPipeline, stagedProject, twoModels, type Project } from './project.js';

const PIPELINE = stagedPipeline('two_served', {
  features: 'feature fa = standardize(t.a)\nfeature fb = one_hot(t.level)',
  models: twoModels(['fa'], ['fb']),
  served: 'rb@staging',
  blocks: `monitor {
  window   = 20
  drift fb js > 0.1
  on_drift = retrain
}`,
});

let project: Project;
let serving: Serving | undefined;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,a,level,y', (i) => `${i},${(i % 7) / 7},${'pqr'[i % 3]},${i % 2}`) });
  assert.equal(project.run.registered?.name, 'ra', 'a plain run trains the first registered model');
  const b = await runPipeline({ file: project.file, root: project.dir, model: 'mb' });
  assert.deepEqual(b.registered && [b.registered.name, b.registered.version], ['rb', 1]);
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test('drift on the served rb retrains mb and registers rb, not the first registered model', { timeout: 120_000 }, async () => {
  serving = await startServing(project.file, { port: 0 });
  assert.equal(serving.served.name, 'rb');
  const drifted = Array.from({ length: 20 }, () => ({ level: 's' }));
  assert.equal((await post(`${serving.url}/predict`, { rows: drifted })).status, 200);
  await serving.log!.flush(); // the window is complete: the monitor has evaluated it
  const outcome = await serving.retrainer!.last!;
  assert.equal(outcome.error, undefined);
  assert.deepEqual(outcome.registered && [outcome.registered.name, outcome.registered.version], ['rb', 2]);
});

test("a retrain by hand (the editor's Retrain now: a run with a trigger) trains the served model too", { timeout: 60_000 }, async () => {
  const r = await runPipeline({ file: project.file, root: project.dir, trigger: 'manual' });
  assert.equal(r.registered?.name, 'rb');
});
