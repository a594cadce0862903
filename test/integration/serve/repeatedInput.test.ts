import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { ParityOutput } from '../../../server/protocol/cli.js';
import { mlpipe, get, post, requestRows, trainedChurn, type Project } from './project.js';

// A model that lists a feature twice in its inputs trains on both copies (the checker allows
// it, and the weights expect both columns), but the feature is one thing to monitor: one drift
// target, one parity row, one name in the metadata.
let project: Project;
let serving: Serving;

before(async () => {
  project = await trainedChurn((t) => t.replace('inputs        = [tenure_z, order_z,', 'inputs        = [tenure_z, tenure_z, order_z,'));
  serving = await startServing(project.file, { port: 0 });
});
after(async () => {
  await serving?.close();
  project?.dispose();
});

test('a feature listed twice in the inputs is one drift target, one parity row and one metadata name', async () => {
  assert.match(readFileSync(project.file, 'utf8'), /inputs += \[tenure_z, tenure_z,/, 'the model lists it twice');
  const metadata = (await get(`${serving.url}/metadata`)).json as { features: string[] };
  assert.deepEqual(metadata.features, [...new Set(metadata.features)]);
  assert.ok(metadata.features.includes('tenure_z'));
  const rows = requestRows(join(project.dir, 'data/customers.csv')).slice(0, 600);
  assert.equal((await post(`${serving.url}/predict`, { rows })).status, 200);
  await serving.log!.flush();
  const drift = (await get(`${serving.url}/drift`)).json as { targets: Array<{ target: string; statistic: string }> };
  const keys = drift.targets.map((t) => `${t.target} ${t.statistic}`);
  assert.deepEqual(keys, [...new Set(keys)], 'each target and statistic once');
  assert.equal(drift.targets.filter((t) => t.target === 'tenure_z').length, 1);
  const parity = await mlpipe(['parity', project.file, '--json']);
  assert.equal(parity.status, 0, parity.stderr);
  const report = ParityOutput.parse(JSON.parse(parity.stdout));
  assert.deepEqual(report.targets.filter((t) => t.target === 'tenure_z').length, 1);
  assert.ok(report.ok);
});
