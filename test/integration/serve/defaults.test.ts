import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { startServing } from '../../../server/backend/serve/server.js';
import { get, post, requestRows, trainedChurn, type Project } from './project.js';

// Serve defaults are read from the current file's serve block, against the served model's own
// field types: one no request could use stops the server at start; a boolean is a value too.
let project: Project;
let original: string;
before(async () => {
  project = await trainedChurn();
  original = readFileSync(project.file, 'utf8');
});
after(() => project?.dispose());

const withDefaults = (lines: string) => writeFileSync(project.file, original.replace('  port  = 8080\n}', `  port  = 8080\n  defaults {\n${lines}\n  }\n}`));

test('a serve default its field cannot take stops the server at start, in the words of a request refused for it', async () => {
  withDefaults('    monthly_charges = "plenty"');
  await assert.rejects(startServing(project.file, { port: 0 }), { message: `serve default for 'monthly_charges': field 'monthly_charges' must be a number, not the text "plenty"` });
});

test('a boolean default fills a text field (it was dropped, and requests without the field were refused)', async () => {
  withDefaults('    plan = true');
  const serving = await startServing(project.file, { port: 0 });
  try {
    const meta = (await get(`${serving.url}/metadata`)).json as { inputs: Array<{ name: string; optional: boolean; default?: unknown }> };
    // Listed as the text field reads it (metadataDefaultType.test.ts): the text "true".
    assert.deepEqual(meta.inputs.find((i) => i.name === 'plan'), { ...meta.inputs.find((i) => i.name === 'plan'), optional: true, default: 'true' });
    const [row] = requestRows(join(project.dir, 'data/customers.csv'));
    const { plan: _plan, ...withoutPlan } = row;
    const r = await post(`${serving.url}/predict`, { rows: [withoutPlan, { ...row, plan: 'true' }] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.predictions[0], r.json.predictions[1], 'the default is the text "true"');
  } finally {
    await serving.close();
  }
});

test("a serve default that is no time, for a field a window reads as its time (as_of), stops the server at start in the words of a request refused for it", async () => {
  const [row] = requestRows(join(project.dir, 'data/customers.csv'));
  withDefaults('    plan = "basic"');
  const serving = await startServing(project.file, { port: 0 });
  let refused: string;
  try {
    const r = await post(`${serving.url}/predict`, { rows: [{ ...row, snapshot_at: 'soon' }] });
    assert.equal(r.status, 400, r.text);
    refused = (r.json as { details: Array<{ field: string; problem: string }> }).details.find((d) => d.field === 'snapshot_at')!.problem;
  } finally {
    await serving.close();
  }
  assert.match(refused, /^field 'snapshot_at': 'soon' is not a time/);
  withDefaults('    snapshot_at = "soon"');
  await assert.rejects(startServing(project.file, { port: 0 }), { message: `serve default for 'snapshot_at': ${refused}` });
});

test('a serve default that is a time fills an absent as_of field', async () => {
  withDefaults('    snapshot_at = "2025-06-01"');
  const serving = await startServing(project.file, { port: 0 });
  try {
    const [row] = requestRows(join(project.dir, 'data/customers.csv'));
    const { snapshot_at: _at, ...withoutTime } = row;
    const r = await post(`${serving.url}/predict`, { rows: [withoutTime, { ...row, snapshot_at: '2025-06-01' }] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.predictions[0], r.json.predictions[1]);
  } finally {
    await serving.close();
  }
});

/** The check's errors of the current file (with its data), as `mlpipe check` reports them. */
async function checkErrors(): Promise<Array<{ code: string; message: string; line: number }>> {
  const [c] = await checkFiles([project.file]);
  return (c!.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => ({ code: d.code, message: d.message, line: d.range.start.line + 1 }));
}

test("a serve default for no column of the training data stops serving at start in the check's words (the check without data let it through)", async () => {
  withDefaults('    regoin = "north"');
  const [error, ...more] = await checkErrors();
  assert.equal(error?.code, 'unknown-reference');
  assert.deepEqual(more, []);
  assert.match(error!.message, /has no column 'regoin'\. Did you mean 'region'\?/);
  // A server that starts anyway is closed, so the failure ends the file.
  const refusal = await startServing(project.file, { port: 0 }).then(
    async (s) => (await s.close(), 'started'),
    (e: Error) => e.message,
  );
  assert.equal(refusal, `the serve block of churn.mlpipe cannot be served as written: line ${error!.line}: ${error!.message} ('mlpipe check churn.mlpipe' lists them)`);
});

test('a serve default for a column of the data that the served model does not read is accepted by the check and by serving, and fills nothing', async () => {
  withDefaults('    region = "north"');
  assert.deepEqual(await checkErrors(), []);
  const serving = await startServing(project.file, { port: 0 });
  try {
    const meta = (await get(`${serving.url}/metadata`)).json as { inputs: Array<{ name: string }> };
    assert.ok(!meta.inputs.some((i) => i.name === 'region'), 'not a field of the model');
    const [row] = requestRows(join(project.dir, 'data/customers.csv'));
    assert.equal((await post(`${serving.url}/predict`, { rows: [row] })).status, 200);
  } finally {
    await serving.close();
  }
});
