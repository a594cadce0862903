/**
 * A row whose inputs are all finite float32 numbers can still overflow the network: a
 * regressor that learned y = 100 x answers an infinity for x = 3e38. /predict answered 200 with
 * a null prediction, `mlpipe score` wrote '-Infinity', and `mlpipe parity` then reported skew
 * between the two. All three now refuse the row alike, naming the input.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServing } from '../../../server/backend/serve/server.js';
import { mlpipe, post, type Project, stagedPipeline, stagedProject, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('overflow', {
  features: `
feature x = t.x
`,
  kind: 'linear',
  epochs: 20,
});

let project: Project;
let dir: string;
let file: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,x,y', (i) => `${i},${(i % 20) / 20},${(i % 20) * 5 + (i % 3)}`, 80) });
  ({ dir, file } = project);
});
after(() => project.dispose());

test('a row the network overflows on is refused by /predict and by mlpipe score, naming the input', { timeout: 60_000 }, async () => {
  const expected = /the model's output is not a finite number: its float32 arithmetic overflows on input 'x' = 3\.0000\d*e\+38/;
  const serving = await startServing(file, { port: 0 });
  try {
    const fine = await post(`${serving.url}/predict`, { rows: [{ x: 0.5 }] });
    assert.equal(fine.status, 200, fine.text);
    const r = await post(`${serving.url}/predict`, { rows: [{ x: 0.5 }, { x: 3e38 }] });
    assert.equal(r.status, 400, r.text);
    assert.match(r.text, expected);
    assert.deepEqual((r.json as { details: Array<{ row: number; field: string }> }).details.map((d) => [d.row, d.field]), [[1, 'x']]);
  } finally {
    await serving.close();
  }
  const input = join(dir, 'in.csv');
  const output = join(dir, 'out.csv');
  writeFileSync(input, 'id,x\na,0.5\nb,3e38\n');
  const s = await mlpipe(['score', file, '--input', input, '--output', output]);
  assert.equal(s.status, 1, s.stderr);
  assert.match(s.stderr, /1 of 2 rows of \S*in\.csv cannot be scored, as \/predict refuses them \(line 3: the model's output is not a finite number/);
  // Not "fill those cells": there is no empty cell to fill.
  assert.match(s.stderr, /nothing was written: correct those rows \(each problem names what is wrong\), or cover a missing field with fill_missing or a serve default/);
  assert.equal(existsSync(output), false, 'nothing written');
});
