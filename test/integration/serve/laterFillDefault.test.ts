/**
 * A column whose missing values training fills only after a transform
 * (`fill_missing(standardize(x), 0)`): training's rows without 'x' got 0, but a serve default
 * `x = 100` fills the column before the transform, so every request without 'x' was scored as
 * one sending 100, with 200, and the check was clean. Now it is 'skew/missing-default-mismatch',
 * and serving refuses to start on it, also for a version trained from another text than the file's.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { checkErrors, post, type Project, serveStartOutcome, stagedPipeline, stagedProject, withServeDefaults, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('later', {
  features: `
feature xf = fill_missing(standardize(t.x), 0)
`,
});

let project: Project;
let original: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,x,y', (i) => `${i},${i % 8 === 0 ? '' : 40 + (i % 9)},${i % 2}`) });
  original = readFileSync(project.file, 'utf8');
});
after(() => project?.dispose());

const withDefault = (text: string, line: string) => withServeDefaults(text, `    ${line}`);

test('without a default a request without the field gets training fill; with one, the check and serving refuse it', { timeout: 60_000 }, async () => {
  writeFileSync(project.file, original);
  const serving = await startServing(project.file, { port: 0 });
  try {
    const r = await post(`${serving.url}/predict`, { rows: [{}, { x: 100 }] });
    assert.equal(r.status, 200, r.text);
    assert.notEqual(r.json.predictions[0], r.json.predictions[1], 'training filled 0 after standardize, not x = 100');
  } finally {
    await serving.close();
  }
  writeFileSync(project.file, withDefault(original, 'x = 100'));
  const message = `serving fills a missing 'x' with 100, but feature 'xf' leaves it missing and fills what it computes from it with 0 in training: a request without 'x' is scored as one sending 100; drop this default so it gets training's fill`;
  assert.deepEqual(await checkErrors(project.file), [`skew/missing-default-mismatch: ${message}`]);
  const refusal = await serveStartOutcome(project.file);
  assert.ok(refusal.includes(message), refusal);
});

test("a version trained with the fill after a transform is refused for a file whose own fill the default matches", { timeout: 60_000 }, async () => {
  // The file now fills the column itself with 100, as its default does: clean, but the served version fills after standardize.
  writeFileSync(project.file, withDefault(original.replace('fill_missing(standardize(t.x), 0)', 'standardize(fill_missing(t.x, 100))'), 'x = 100'));
  assert.deepEqual(await checkErrors(project.file), []);
  const refusal = await serveStartOutcome(project.file);
  assert.match(refusal, /^'m_model' v1 \(run [^)]+\) was trained with another fill than this serve block's: serving fills a missing 'x' with 100, but feature 'xf' leaves it missing/);
});
