/**
 * Every pipeline of a project folder logs into one prediction log, and a server checks each
 * feedback label against the classes of the model it serves. A label sent to the wrong server
 * (a regression server given 2.5 for a multiclass model's prediction) was recorded, replacing
 * that prediction's class, and the multiclass model's quality then skipped the prediction as
 * unknown. A server now takes labels only for predictions its own model logged (any version);
 * another model's ids are answered as `unknown`, and their labels stay as they were.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder } from '../../../server/backend/serve/logBatch.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { post, rowsCsv, stagedPipeline, stagedProject, type Project } from './project.js';

const PIPELINE = stagedPipeline('values', { features: 'feature fa = standardize(t.a)', kind: 'linear', serveLines: '  port  = 0', environment: false });

const CSV = rowsCsv('id,a,y', (i) => `${i},${i % 7},${(i % 7) * 2.5 - 4}`);

let project: Project;
let serving: Serving;

before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': CSV });
  serving = await startServing(project.file, { port: 0 });
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test("a label for another model's prediction in the same log is unknown to this server, and changes nothing", async () => {
  // Another pipeline of the folder, a multiclass model, logged a prediction and got its class.
  const other = new PredictionLog(project.dir);
  const b = new LogBatchBuilder({ pipeline: 'kinds', model: 'kinds_model', version: 1, names: [], categories: [] }, 1);
  b.add('other-1', Date.now(), 10, { x: 1 }, { label: '2', probabilities: { '1': 0.2, '2': 0.8 } });
  other.pushBatch(b.seal().batch);
  other.flush();
  assert.deepEqual(other.feedback([{ id: 'other-1', label: '2' }]), []);
  other.close();

  const own = await post(`${serving.url}/predict`, { rows: [{ id: '1', a: 3 }] });
  assert.equal(own.status, 200, own.text);
  const id = (own.json as { ids: string[] }).ids[0];
  const r = await post(`${serving.url}/feedback`, { labels: [{ id: 'other-1', label: 2.5 }, { id, label: 3.5 }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { accepted: 1, unknown: ['other-1'] });

  const reader = LogReader.toRead(project.dir);
  try {
    const labels = reader.db.prepare('SELECT prediction_id AS id, label FROM feedback ORDER BY prediction_id').all();
    assert.deepEqual(labels, [{ id, label: '3.5' }, { id: 'other-1', label: '2' }].sort((x, y) => (x.id < y.id ? -1 : 1)));
  } finally {
    reader.close();
  }
});
