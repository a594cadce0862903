import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { post, requestRows, trainedChurn, type Project } from './project.js';

// With logging off there is no prediction id: /predict answers null in each row's place, on the
// fast path (a one-row body read into slots, more rows read as objects) and on Fastify's route.
describe('/predict with prediction logging off', () => {
  let project: Project;
  let serving: Serving;
  before(async () => {
    project = await trainedChurn();
    serving = await startServing(project.file, { port: 0, logPredictions: false });
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it('answers an id of null for every row, in the bytes JSON.stringify writes', async () => {
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 97).slice(0, 3);
    for (const n of [1, 3]) {
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const res = await post(`${serving.url}/predict`, { rows: rows.slice(0, n) }, contentType);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json.ids, new Array(n).fill(null));
        assert.equal(res.text, JSON.stringify({ predictions: res.json.predictions, ids: res.json.ids, model: res.json.model }));
      }
    }
  });
});
