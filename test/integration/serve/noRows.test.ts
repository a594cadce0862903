/**
 * A batch of no rows is refused alike on every path: `/predict` of `{"rows": []}` and `/invocations`
 * of a CSV body holding only its header line are 400, and `mlpipe score` of a header-only file
 * fails (exit 1) writing nothing. Score wrote a header-only output with exit 0, so an export that
 * came out empty passed a batch job unnoticed while the same rows as a request were refused.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { errorBody } from '../../../server/protocol/serving.js';
import { mlpipe, post, trainedChurn, type Project } from './project.js';

const HEADER = 'customer_id,snapshot_at,tenure_days,plan,monthly_charges';

let project: Project;
let serving: Serving;
before(async () => {
  project = await trainedChurn();
  serving = await startServing(project.file, { port: 0 });
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test('a request of no rows is 400 on /predict and /invocations, and mlpipe score of a header-only file fails writing nothing', async () => {
  const predict = await post(`${serving.url}/predict`, { rows: [] });
  assert.equal(predict.status, 400, predict.text);
  assert.match(errorBody.parse(predict.json).error, /'rows': is empty: send at least one row$/);
  for (const body of [`${HEADER}\n`, `${HEADER}\r\n\r\n`, HEADER]) {
    const csv = await post(`${serving.url}/invocations`, body, 'text/csv');
    assert.equal(csv.status, 400, csv.text);
    assert.equal(errorBody.parse(csv.json).error, 'the CSV body has a header but no rows: send at least one row');
  }

  const input = join(project.dir, 'empty.csv');
  writeFileSync(input, `${HEADER}\n`);
  const output = join(project.dir, 'scored.csv');
  const fresh = await mlpipe(['score', project.file, '--input', input, '--output', output]);
  assert.equal(fresh.status, 1, fresh.stderr);
  assert.match(fresh.stderr, /empty\.csv has a header but no rows: there is nothing to score, and nothing was written/);
  assert.equal(existsSync(output), false, 'no output file');
  // An earlier output is left as it was, as for any refused batch.
  writeFileSync(output, 'customer_id,prediction\nC1,0.5\n');
  const again = await mlpipe(['score', project.file, '--input', input, '--output', output]);
  assert.equal(again.status, 1, again.stderr);
  assert.equal(readFileSync(output, 'utf8'), 'customer_id,prediction\nC1,0.5\n');
  const stdout = await mlpipe(['score', project.file, '--input', input, '--output', '-']);
  assert.equal(stdout.status, 1, stdout.stderr);
  assert.equal(stdout.stdout, '');
});
