/**
 * A `/feedback` body over the body limit was told to "send the rows in smaller requests", the
 * words of /predict and /invocations: a feedback body holds labels. Each route's 413 now names
 * what its body holds.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { post, rowsCsv, stagedPipeline, stagedProject, type Project } from './project.js';

const PIPELINE = stagedPipeline('feedback_limit', { features: 'feature x = standardize(t.x)', blocks: 'monitor {\n  on_drift = alert\n}' });

let project: Project;
let serving: Serving;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,x,y', (i) => `${i},${(i % 7) / 7},${i % 2}`) });
  serving = await startServing(project.file, { port: 0, bodyLimit: 1000 });
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test("a feedback body over the limit is told to send the labels in smaller requests, a prediction body the rows", { timeout: 60_000 }, async () => {
  const labels = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, label: '1' }));
  const feedback = await post(`${serving.url}/feedback`, { labels });
  assert.equal(feedback.status, 413);
  assert.equal(feedback.json.error, 'the body is larger than 1000 bytes: send the labels in smaller requests (or start mlpipe serve with a larger --body-limit)');
  const rows = Array.from({ length: 100 }, () => ({ id: '1', x: 0.5 }));
  for (const route of ['/predict', '/invocations']) {
    const r = await post(`${serving.url}${route}`, route === '/predict' ? { rows } : { dataframe_records: rows }, 'application/json; charset=utf-8');
    assert.equal(r.status, 413, route);
    assert.equal(r.json.error, 'the body is larger than 1000 bytes: send the rows in smaller requests (or start mlpipe serve with a larger --body-limit)', route);
  }
});
