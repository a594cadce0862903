/**
 * Two pipelines of one project folder that register one name (the registry allows it; the run
 * that shares it says so): the stage a pipeline's `serve` block names may then hold the other
 * pipeline's version, a model with other features. Under a `monitor` block that watches a feature
 * only this pipeline's model reads, serving is refused, as before, but the refusal said "the line
 * is newer than that version: serve a version trained with this monitor block", advice that
 * retraining nothing could follow: no version of the other pipeline will read the feature. It now
 * names the pipeline that registered the version.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { foreignVersionLine } from '../../../server/backend/foreignVersionLine.js';
import type { Project } from './project.js';
import { sharedNamePipeline, twoPipelinesOneName } from './twoPipelinesOneName.js';

let project: Project;
before(async () => {
  // The copy reads fa only (and watches it), and registers the same name: v2, in staging.
  project = await twoPipelinesOneName({ wide: 'fb', narrow: 'fa' });
});
after(() => project?.dispose());

test("a drift line on a feature the other pipeline's version lacks names that pipeline, not a newer line", { timeout: 60_000 }, async () => {
  await assert.rejects(loadServedModel(project.file), (e: Error) => {
    assert.match(e.message, /^monitor: 'drift fb psi' cannot be measured: 'shared' v2 was registered by another pipeline, 'narrow' \(narrow\.mlpipe\), whose model 'm' does not read 'fb': serve a version of 'wide' \('model = shared@1' in the serve block, or '--model shared@1'\), register each pipeline's model under a name of its own, or remove the line$/);
    return true;
  });
});

test('a version of this pipeline under the same name still serves', { timeout: 60_000 }, async () => {
  const served = await loadServedModel(project.file, { model: 'shared@1' });
  assert.equal(served.version, 1);
  assert.equal(foreignVersionLine(served), undefined, 'its own version: no warning');
});

test("the other pipeline's version, under a monitor it can measure, serves with a warning that names its pipeline", { timeout: 60_000 }, async () => {
  // It started without a word: 'wide' served narrow's model, with wide's defaults and monitor.
  const file = join(project.dir, 'wide-fa.mlpipe');
  writeFileSync(file, sharedNamePipeline('wide', 'fa, fb', 'fa'));
  const served = await loadServedModel(file);
  assert.equal(served.version, 2);
  assert.equal(
    foreignVersionLine(served),
    "warning: 'shared' v2 (staging) was registered by another pipeline, 'narrow' (narrow.mlpipe), from its model 'm': this server computes that pipeline's features, and this file's serve defaults and monitor apply to it; to serve this pipeline's model instead, train 'wide' ('mlpipe run wide-fa.mlpipe') and serve its version, and register each pipeline's model under a name of its own",
  );
});
