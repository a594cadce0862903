/**
 * A pipeline whose `serve` names its registered model bare (`model = m_model`), which means the
 * production version, while its runs register into staging (the default, as the spec's example
 * does: a person promotes). The check is clean, and rightly so (the spec's own example, and the
 * registry is not the checker's to read; the hover says it). But `mlpipe drift` and `parity`, run
 * after serving the staged version with `--model m_model@staging`, answered "promote one, or serve
 * 'm_model@1'": advice to serve what was served, not naming the option they take nor the promote
 * command. Now the refusal names the promote command and the two ways to name another version.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { checkErrors, mlpipe, rowsCsv, stagedPipeline, stagedProject, type Project } from './project.js';

// The table has no key: the one difference from keyedTableAndSplit.
const PIPELINE = stagedPipeline('staged', {
  table: `data t {
  source = "t.csv"
  target = y
}

split {
  test = 0.25
  seed = 1
}`,
  features: 'feature xf = t.x',
  epochs: 3,
  served: 'm_model',
});

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('x,y', (i) => `${(i % 10) / 10},${i % 2}`) });
});
after(() => project?.dispose());

test('a bare served name with only a staged version: the commands name the promote command and how to serve another version', async () => {
  assert.deepEqual(await checkErrors(project.file), []);
  const bare = /^'m_model' has no version in production \(latest is version 1, staging; a bare 'm_model' serves its production version\): promote it with 'mlpipe promote m_model 1 production', or name another version: 'model = m_model@staging' in the serve block, or '--model m_model@staging'$/;
  await assert.rejects(loadServedModel(project.file), (e: Error) => bare.test(e.message.replace("cannot load 'm_model': ", '')));
  // Given with --model, the advice stays with --model.
  await assert.rejects(loadServedModel(project.file, { model: 'm_model@production' }), /name another version: '--model m_model@staging' or '--model m_model@1'$/);
  for (const command of ['drift', 'parity']) {
    const r = await mlpipe([command, project.file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /promote it with 'mlpipe promote m_model 1 production', or name another version: 'model = m_model@staging' in the serve block, or '--model m_model@staging'\n$/);
  }
  // Each way out works: the option, then the promote.
  assert.equal((await loadServedModel(project.file, { model: 'm_model@staging' })).version, 1);
  const store = openStore(project.dir);
  openRegistry(store).promote('m_model', 1, 'production', { actor: 'test' });
  store.close();
  assert.equal((await loadServedModel(project.file)).version, 1);
});
