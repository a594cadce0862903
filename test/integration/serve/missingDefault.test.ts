/**
 * A serve default that is itself a missing value ("NA", "", "null", "NaN", any case) fills
 * nothing: read as a request's value is, it is no value. Where a served feature reads the field
 * with no fill_missing, every request without it was refused (400) although the file gave it a
 * default, and the check was clean: now the check reports it ('invalid-value') and serving stops
 * at start in the same words. Where a fill_missing covers it, the check reported
 * 'skew/missing-default-mismatch' and serving refused to start, although such a request reaches
 * the fill and gets training's value: now both accept it, and `/metadata` names that fill.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { checkErrors, get, post, type Project, serveStartOutcome, stagedPipeline, stagedProject, withServeDefaults, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('nadefault', {
  features: `
feature xf = standardize(fill_missing(t.x, 50))
feature zf = standardize(t.z)
`,
});

let project: Project;
let original: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,x,z,y', (i) => `${i},${i % 7 === 0 ? '' : 40 + (i % 9)},${(i % 5) / 5},${i % 2}`) });
  original = readFileSync(project.file, 'utf8');
});
after(() => project?.dispose());

const withDefaults = (lines: string) => writeFileSync(project.file, withServeDefaults(original, lines));

test('a missing-value default for a field a fill_missing covers: check clean, serving starts, a request without the field gets the fill', { timeout: 60_000 }, async () => {
  withDefaults('    x = "NA"');
  assert.deepEqual(await checkErrors(project.file), []);
  const serving = await startServing(project.file, { port: 0 });
  try {
    const meta = (await get(`${serving.url}/metadata`)).json as { inputs: Array<{ name: string; optional: boolean; default?: unknown }> };
    assert.deepEqual(
      meta.inputs.map((i) => [i.name, i.optional, i.default]),
      [
        ['x', true, 50],
        ['z', false, undefined],
      ],
    );
    const r = await post(`${serving.url}/predict`, { rows: [{ z: 0.4 }, { z: 0.4, x: 50 }, { z: 0.4, x: 'null' }] });
    assert.equal(r.status, 200, r.text);
    const [without, fifty, missing] = r.json.predictions as number[];
    assert.equal(without, fifty);
    assert.equal(missing, fifty);
  } finally {
    await serving.close();
  }
});

test('a missing-value default for a field read with no fill_missing: an error in the check, and serving stops at start in its words', { timeout: 60_000 }, async () => {
  withDefaults('    z = "NA"');
  const message = `serve default for 'z': "NA" is a missing value, so it fills nothing: requests without 'z' are refused (read by 'zf' with no fill_missing); give a value, or drop this default`;
  assert.deepEqual(await checkErrors(project.file), [`invalid-value: ${message}`]);
  const refusal = await serveStartOutcome(project.file);
  assert.ok(refusal.includes(message), refusal);
});

test('a default beyond the range of a double (dropped without a word, so every request without the field got 400) is an error in the check and stops serving at start', { timeout: 60_000 }, async () => {
  withDefaults('    z = 1e400');
  const message = `a serving default is a literal number or string, and '1e400' is beyond the range of a double (about ±1.8e308)`;
  assert.deepEqual(await checkErrors(project.file), [`invalid-value: ${message}`]);
  const refusal = await serveStartOutcome(project.file);
  assert.ok(refusal.includes(message), refusal);
});

test('a missing-value default the file now covers with a fill_missing, served from a version trained without it: serving says the served version is the one that cannot take it', { timeout: 60_000 }, async () => {
  // 'zf' read 'z' with no fill when the version was trained; the file has since added one.
  withDefaults('    z = "NA"');
  writeFileSync(project.file, readFileSync(project.file, 'utf8').replace('feature zf = standardize(t.z)', 'feature zf = standardize(fill_missing(t.z, 0))'));
  assert.deepEqual(await checkErrors(project.file), []);
  const refusal = await serveStartOutcome(project.file);
  assert.match(refusal, /^'m_model' v1 \(run r-[0-9a-z-]+\), the version served, was trained from another text of this pipeline and cannot take this serve block's default: serve default for 'z': "NA" is a missing value/, refusal);
  assert.ok(refusal.endsWith("give a value, or drop this default; or train the pipeline again ('mlpipe run p.mlpipe') and serve that version"), refusal);
});
