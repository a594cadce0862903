/**
 * A column named like a property every object inherits ('constructor') is a field like any
 * other: `/metadata` listed it as optional (its serve default looked up through the prototype)
 * and `/predict` refused a request without it as "must be a string" (the inherited function).
 * Both now read own fields only, so they agree: required, and refused as missing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { get, post, type Project, stagedPipeline, stagedProject, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('inherited', {
  features: `
feature c = one_hot(t.constructor)
feature x = fill_missing(t.x, 0)
`,
});

let project: Project;
let file: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,constructor,x,y', (i) => `${i},${'ab'[i % 2]},${(i % 5) / 5},${i % 2}`) });
  ({ file } = project);
});
after(() => project.dispose());

test("a field named 'constructor' is required in /metadata and refused as missing by /predict", { timeout: 60_000 }, async () => {
  const serving = await startServing(file, { port: 0 });
  try {
    const meta = (await get(`${serving.url}/metadata`)).json as { inputs: Array<{ name: string; optional: boolean; default?: unknown }> };
    assert.deepEqual(meta.inputs.find((i) => i.name === 'constructor')?.optional, false, JSON.stringify(meta.inputs));
    const r = await post(`${serving.url}/predict`, { rows: [{ x: 0.5 }] });
    assert.equal(r.status, 400, r.text);
    assert.match(r.text, /field 'constructor' is missing \(read by 'c'; no fill_missing or serve default covers it\)/);
  } finally {
    await serving.close();
  }
});
