/**
 * A column the model learned as text ('02134' beside 'A1B2') stays text in every batch reader,
 * whatever a batch's cells hold: a scored file of digit-only zips, and parity's replay of logged
 * requests, give /predict's answers bit for bit (they read '02134' as the number 2134, another
 * category and another hash bucket). And a header typo is refused by name, not scored with the
 * column's default; a column simply absent is scored with it, and said on stderr.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ColumnBuilder } from '../../../server/mlpipe/data/columnBuilder.js';
import { startServing } from '../../../server/backend/serve/server.js';
import { mlpipe, post, type Project, stagedPipeline, stagedProject, rowsCsv } from './project.js';

const PIPELINE = stagedPipeline('zips', {
  features: `
feature zip = one_hot(t.zip)
feature zh  = hash_bucket(t.zip, 16)
feature x   = fill_missing(t.spend, 0)
`,
  epochs: 20,
  test: 0.2,
  registered: 'zip_model',
});

const ZIPS = ['02134', '00501', '10001', 'A1B2'];
let project: Project;
let dir: string;
let file: string;
before(async () => {
  project = await stagedProject(PIPELINE, { 't.csv': rowsCsv('id,zip,spend,y', (i) => `${i},${ZIPS[i % 4]},${(i % 7) / 7},${i % 4 === 0 ? 1 : i % 5 === 0 ? 1 : 0}`, 120) }, 'zips.mlpipe');
  ({ dir, file } = project);
});
after(() => project.dispose());

test('score, /predict and parity agree on a text column whose batch holds only digits', async () => {
  writeFileSync(join(dir, 'new.csv'), 'id,zip,spend\n1,02134,0.5\n2,00501,0.5\n3,10001,0.25\n');
  const serving = await startServing(file, { port: 0 });
  let served: number[];
  try {
    const r = await post(`${serving.url}/predict`, {
      rows: [
        { id: 1, zip: '02134', spend: 0.5 },
        { id: 2, zip: '00501', spend: 0.5 },
        { id: 3, zip: '10001', spend: 0.25 },
      ],
    });
    assert.equal(r.status, 200, r.text);
    served = r.json.predictions;
  } finally {
    await serving.close();
  }
  const scored = await mlpipe(['score', file, '--input', join(dir, 'new.csv'), '--output', join(dir, 'out.csv')]);
  assert.equal(scored.status, 0, scored.stderr);
  const batch = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
  assert.deepEqual(batch, served, 'the batch scores the same categories as the requests');
  const parity = await mlpipe(['parity', file, '--json']);
  assert.equal(parity.status, 0, parity.stderr);
  const report = JSON.parse(parity.stdout) as { targets: Array<{ target: string; mismatch: number; match: number }> };
  for (const t of report.targets) assert.equal(t.mismatch, 0, `${t.target}: ${parity.stdout}`);
  assert.ok(report.targets.every((t) => t.match === 3), parity.stdout);
});

test('score refuses a header typo of a column the model reads, naming both', async () => {
  writeFileSync(join(dir, 'typo.csv'), 'id,zip,spnd\n1,02134,0.5\n');
  const r = await mlpipe(['score', file, '--input', join(dir, 'typo.csv'), '--output', join(dir, 'typo-out.csv')]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /typo\.csv has no column 'spend', which the model reads, but has 'spnd': rename that column, or drop it to score every row with 'spend' filled as training fills it/);
  // Without the close name, the file scores as /predict scores a request without 'x'.
  writeFileSync(join(dir, 'nox.csv'), 'id,zip,other\n1,02134,7\n');
  const ok = await mlpipe(['score', file, '--input', join(dir, 'nox.csv'), '--output', join(dir, 'nox-out.csv')]);
  assert.equal(ok.status, 0, ok.stderr);
  // Said, though: a renamed header ('amount_usd' for 'amount') is no typo, and every row would
  // otherwise be scored on the fill without a word.
  assert.match(ok.stderr, /nox\.csv has no column 'spend', which the model reads: every row was scored as a request without it, 'spend' filled as \/predict fills an absent field; if the file has it under another name, rename that column/);
  assert.doesNotMatch(ok.stderr, /has no column '(zip|id)'/);
});

test('score refuses a header with spaces around a name the model reads, as the check names it', async () => {
  // ' spend' is too far from 'spend' for a suggestion: every row was scored with 'spend' filled,
  // and the note told to rename a column the file seemed to have.
  writeFileSync(join(dir, 'padded.csv'), 'id,zip, spend\n1,02134,0.5\n');
  const r = await mlpipe(['score', file, '--input', join(dir, 'padded.csv'), '--output', join(dir, 'padded-out.csv')]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /padded\.csv has no column 'spend', which the model reads, but has ' spend', with spaces around the name: remove them in the data/);
  assert.equal(existsSync(join(dir, 'padded-out.csv')), false);
});

test('ColumnBuilder keeps the columns it is told are text as written', () => {
  const b = new ColumnBuilder(['zip', 'n'], new Set(['zip']));
  b.addRow(['02134', '7']);
  b.addRow([null, '8']);
  b.addRow(['NA', '9']);
  const [zip, n] = b.finish();
  assert.deepEqual(zip, { name: 'zip', type: 'string', values: ['02134', null, null], missing: 2 });
  assert.equal(n!.type, 'integer');
});
