/**
 * The editor's serve (the backend's `serve/start`, `liveServing`) of a version another pipeline
 * registered: `mlpipe serve` warns (`foreignVersionLine`), the editor started without a word.
 * The endpoint now carries the same line, and the backend's output says it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { foreignVersionLine } from '../../../server/backend/foreignVersionLine.js';
import { liveServing } from '../../../server/backend/rpc/liveServing.js';
import type { Project } from '../serve/project.js';
import { sharedNamePipeline, twoPipelinesOneName } from '../serve/twoPipelinesOneName.js';

let project: Project;
before(async () => {
  // Another pipeline of the folder registers the same name: v2, in staging, which 'wide' serves.
  project = await twoPipelinesOneName();
});
after(() => project?.dispose());

test("the editor's serve of another pipeline's version carries the CLI's warning and says it in the output", { timeout: 120_000 }, async () => {
  const said: string[] = [];
  const serving = liveServing(() => undefined, (line) => said.push(line));
  try {
    const expected = foreignVersionLine(await loadServedModel(project.file));
    assert.ok(expected, 'the CLI warns for this version');
    const endpoint = await serving.start(project.file);
    assert.equal(endpoint.version, 2);
    assert.equal(endpoint.foreign, expected);
    assert.deepEqual((await serving.list()).map((e) => e.foreign), [expected], 'the Endpoints view reads it too');
    assert.ok(said.includes(`p.mlpipe: ${expected}`), `output lines: ${JSON.stringify(said)}`);
  } finally {
    await serving.closeAll();
  }
});

test("this pipeline's own version: no warning", { timeout: 120_000 }, async () => {
  const said: string[] = [];
  const serving = liveServing(() => undefined, (line) => said.push(line));
  const own = join(project.dir, 'own.mlpipe');
  writeFileSync(own, sharedNamePipeline('wide', 'fa, fb').replace('shared@staging', 'shared@1'));
  try {
    const endpoint = await serving.start(own);
    assert.equal(endpoint.version, 1);
    assert.equal(endpoint.foreign, undefined);
    assert.deepEqual(said.filter((l) => l.includes('another pipeline')), []);
  } finally {
    await serving.closeAll();
  }
});
