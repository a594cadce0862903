/**
 * -0 in `mlpipe parity`'s replay. With a serve default: the replayed table, once a default was
 * written into its missing cells, was rebuilt from `String(value)` of every cell, so a request's
 * -0 (kept by the log and by the first table) came back as 0, and a feature that keeps the sign
 * of zero reported skew (`x: serving -0, batch 0`) that serving and batch did not have. `mlpipe
 * score` of a file with '-0' and a defaulted column took the same path.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { parityOf, post, rowsCsv, stagedPipeline, stagedProject, withServeDefaults, type Project } from './project.js';

const PIPELINE = withServeDefaults(stagedPipeline('negzero_parity', { features: 'feature x = fill_missing(t.x, 0)\nfeature c = one_hot(t.c)' }), '    c = "p"');

let project: Project;
before(async () => {
  // 'c' is text that holds '0' among its categories.
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,c,x,y', (i) => `${i},${'pq0'[i % 3]},${(i % 5) / 5},${i % 2}`) });
});
after(() => project.dispose());

test('parity replays a -0 as -0 when a serve default fills a missing cell of the same batch', { timeout: 60_000 }, async () => {
  // The second row has no 'c': its default is written into the replayed table, which is rebuilt.
  // Sent as text: JSON.stringify writes -0 as 0.
  const serving = await startServing(project.file, { port: 0 });
  try {
    const r = await post(`${serving.url}/predict`, '{"rows": [{"x": -0, "c": "q"}, {"x": 0.4}]}');
    assert.equal(r.status, 200, r.text);
  } finally {
    await serving.close();
  }
  const report = await parityOf(project.file);
  assert.equal(report.rows, 2);
  assert.deepEqual(report.mismatches, []);
  assert.ok(report.ok, JSON.stringify(report.targets));
});

test("parity replays a -0 sent for a text field as serving read it, the text '0'", { timeout: 60_000 }, async () => {
  // /predict reads a number in a text field as String(v): -0 is the category '0'. The replay kept
  // the log's -0 as the cell '-0', an unseen category: 'c: serving 0, batch (unseen)' and the
  // prediction with it.
  const serving = await startServing(project.file, { port: 0 });
  try {
    const r = await post(`${serving.url}/predict`, '{"rows": [{"x": 0.2, "c": -0}]}');
    assert.equal(r.status, 200, r.text);
  } finally {
    await serving.close();
  }
  const report = await parityOf(project.file);
  assert.deepEqual(report.mismatches, []);
  assert.ok(report.ok, JSON.stringify(report.targets));
});
