/**
 * `/metadata` lists a field's `default` only where a request without the field is scored as one
 * sending that value. A column two features fill differently (`fill_missing(c, 0)` in one,
 * `fill_missing(c, 50)` in another, or a fill after a transform, `fill_missing(log1p(c), -1)`)
 * was listed with its first fill (`"default": 0`), and a client that sent the listed default got
 * another answer than one that left the field out (15.42 against 13.42 in a probe).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { metadataResponse } from '../../../server/protocol/serving.js';
import { get, post, type Project, stagedPipeline, stagedProject, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('differing_fills', {
  features: `
feature a0 = fill_missing(t.a, 0)
feature ab = bucketize(fill_missing(t.a, 50), [0.5])
feature bl = fill_missing(log1p(t.b), -1)
feature b0 = fill_missing(t.b, 0)
feature c2 = fill_missing(t.c, 2)
feature cs = standardize(fill_missing(t.c, 2))
`,
  kind: 'linear',
});

let project: Project;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,a,b,c,y', (i) => `${i},${(i % 7) / 7},${i % 5},${(i % 3) / 3},${(i % 11) / 3}`) });
});
after(() => project.dispose());

test('/metadata lists a default only where every feature fills the field with it: the listed default, sent, answers as the field left out', { timeout: 60_000 }, async () => {
  const serving = await startServing(project.file, { port: 0 });
  try {
    const meta = metadataResponse.parse((await get(`${serving.url}/metadata`)).json);
    const byName = Object.fromEntries(meta.inputs.map((f) => [f.name, f]));
    assert.deepEqual(
      meta.inputs.map((f) => [f.name, f.optional, f.default]),
      [
        ['a', true, undefined],
        ['b', true, undefined],
        ['c', true, 2],
      ],
      'a is filled with 0 and with 50, b with 0 and after log1p with -1: neither reads as one value when left out',
    );
    const without = await post(`${serving.url}/predict`, { rows: [{}] });
    assert.equal(without.status, 200, without.text);
    const sent = await post(`${serving.url}/predict`, { rows: [{ c: byName.c!.default }] });
    assert.deepEqual(sent.json.predictions, without.json.predictions);
    // What the first fill alone would have listed answers otherwise: no one value stands for a or b.
    const firstFills = await post(`${serving.url}/predict`, { rows: [{ a: 0, b: 0 }] });
    assert.notDeepEqual(firstFills.json.predictions, without.json.predictions);
  } finally {
    await serving.close();
  }
});
