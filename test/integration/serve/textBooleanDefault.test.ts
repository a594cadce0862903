/**
 * A serve default is read as a request's value is. A text field whose vocabulary learned pandas'
 * 'True'/'False' refuses a request sending "true" (another spelling, an unseen category), but the
 * default "true" was taken: every request without the field was scored as an unseen category
 * (the all-zero vector) with 200, and the check said only 'skew/unseen-category' (an info). Now
 * the check reports it as 'invalid-value' and serving stops at start, in the request's words.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { checkErrors, post, type Project, stagedPipeline, stagedProject, withServeDefaults, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('flags', {
  features: `
feature ff = one_hot(t.flag)
feature xf = fill_missing(t.x, 0)
`,
});

let project: Project;
let original: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,flag,x,y', (i) => `${i},${i % 3 ? 'True' : 'False'},${(i % 5) / 5},${i % 2}`) });
  original = readFileSync(project.file, 'utf8');
});
after(() => project?.dispose());

const withDefault = (line: string) => writeFileSync(project.file, withServeDefaults(original, `    ${line}`));

test('a text default "true" for a field learned as True/False: an error in the check, and serving stops at start in the words a request sending it gets', { timeout: 60_000 }, async () => {
  withDefault('flag = "True"');
  assert.deepEqual(await checkErrors(project.file), []);
  const serving = await startServing(project.file, { port: 0 });
  let refused: string;
  try {
    const r = await post(`${serving.url}/predict`, { rows: [{ x: 0.2 }, { x: 0.2, flag: 'True' }, { x: 0.2, flag: 'true' }] });
    assert.equal(r.status, 400, r.text);
    const details = (r.json as { details: Array<{ row: number; problem: string }> }).details;
    assert.deepEqual(details.map((d) => d.row), [2]);
    refused = details[0].problem;
    const ok = await post(`${serving.url}/predict`, { rows: [{ x: 0.2 }, { x: 0.2, flag: 'True' }] });
    assert.equal(ok.json.predictions[0], ok.json.predictions[1], 'the default is the learned text');
  } finally {
    await serving.close();
  }
  withDefault('flag = "true"');
  const message = `serve default for 'flag': ${refused}`;
  assert.deepEqual(await checkErrors(project.file), [`invalid-value: ${message}`]);
  await assert.rejects(startServing(project.file, { port: 0 }).then((s) => s.close()), { message });
});

test('a 0 or 1 for a field learned as True/False is refused alike by /predict and /invocations (JSON and CSV), naming the learned spelling', { timeout: 60_000 }, async () => {
  writeFileSync(project.file, original);
  const serving = await startServing(project.file, { port: 0 });
  try {
    const one = `field 'flag' is text the model learned as "True": send that text (1 reads as "1", a category it never saw)`;
    const predict = await post(`${serving.url}/predict`, { rows: [{ x: 0.2, flag: 'True' }, { x: 0.2, flag: 1 }, { x: 0.2, flag: 0 }] });
    assert.equal(predict.status, 400, predict.text);
    assert.deepEqual(
      (predict.json as { details: Array<{ row: number; field: string; problem: string }> }).details.map((d) => [d.row, d.field, d.problem]),
      [
        [1, 'flag', one],
        [2, 'flag', `field 'flag' is text the model learned as "False": send that text (0 reads as "0", a category it never saw)`],
      ],
    );
    const records = await post(`${serving.url}/invocations`, { dataframe_records: [{ x: 0.2, flag: 1 }] });
    assert.equal(records.status, 400, records.text);
    assert.equal(records.json.details[0].problem, one);
    const csv = await post(`${serving.url}/invocations`, 'x,flag\n0.2,1\n', 'text/csv');
    assert.equal(csv.status, 400, csv.text);
    assert.equal(csv.json.details[0].problem, `field 'flag' is text the model learned as "True": send that text ("1" is another spelling, a category it never saw)`);
  } finally {
    await serving.close();
  }
});
