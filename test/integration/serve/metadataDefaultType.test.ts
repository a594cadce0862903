/**
 * `/metadata` lists a serve default as its field reads it: `k = "1"` for a field of numbers was
 * listed as the text "1" under `type: "number"` (a client building its requests from the schema
 * got a string for a number), and `z = 7` for a text field as the number 7. /predict reads both
 * as the field's type, which the listing now shows.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { metadataResponse } from '../../../server/protocol/serving.js';
import { get, post, type Project, stagedPipeline, stagedProject, withServeDefaults, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('default_types', {
  features: `
feature kc = one_hot(t.k)
feature zh = hash_bucket(t.z, 4)
feature x  = fill_missing(t.x, 0)
`,
});

let project: Project;
before(async () => {
  project = await stagedProject(withServeDefaults(PIPELINE, '    k = "1"\n    z = 7'), { 't.csv': rowsCsv('id,k,z,x,y', (i) => `${i},${i % 3},${'ab'[i % 2]}${i % 5},${(i % 4) / 4},${i % 2}`) });
});
after(() => project.dispose());

test("/metadata lists each serve default in its field's type, as /predict reads it", { timeout: 60_000 }, async () => {
  const serving = await startServing(project.file, { port: 0 });
  try {
    const meta = metadataResponse.parse((await get(`${serving.url}/metadata`)).json);
    const byName = Object.fromEntries(meta.inputs.map((f) => [f.name, f]));
    assert.equal(byName.k!.type, 'number');
    assert.equal(byName.k!.default, 1);
    assert.equal(byName.z!.type, 'string');
    assert.equal(byName.z!.default, '7');
    assert.equal(byName.x!.default, 0, 'a fill_missing default, as before');
    // The listed defaults, sent, answer as the request without them.
    const without = await post(`${serving.url}/predict`, { rows: [{ x: 0.5 }] });
    const sent = await post(`${serving.url}/predict`, { rows: [{ x: 0.5, k: byName.k!.default, z: byName.z!.default }] });
    assert.equal(without.status, 200, without.text);
    assert.deepEqual(sent.json.predictions, without.json.predictions);
  } finally {
    await serving.close();
  }
});
