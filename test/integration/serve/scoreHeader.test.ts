/**
 * `mlpipe score` writes a header that names every column once: a key column whose name is one of
 * the score's own columns ('prediction'; 'probability_1' beside a class 1) keeps its name, so the
 * output joins to its input, and the score's column takes the first free `_1` suffix. The header
 * was `prediction,prediction`, which the data layer itself (and most CSV readers) refuses.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import { validateHeader } from '../../../server/mlpipe/data/header.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { startServing } from '../../../server/backend/serve/server.js';
import { CLI, mlpipe, post } from './project.js';

const pipeline = (key: string) => `pipeline by_${key}

data people {
  source = "people.csv"
  target = label
  key    = ${key}
}

split {
  test = 0.25
  seed = 1
}

feature age_z  = standardize(age)
feature colour = one_hot(color)

model m {
  kind   = logistic
  inputs = [age_z, colour]
  epochs = 5
  seed   = 3
}

register ${key}_model {
  from = m
}

serve {
  model = ${key}_model@staging
}

environment {
  backend       = cpu
  deterministic = true
}
`;

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-score-header-'));
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  const colors = ['red', 'green', 'blue'];
  const rows = Array.from({ length: 90 }, (_, i) => {
    const age = 18 + ((i * 37) % 63);
    return `P${i},Q${i},${age},${colors[i % 3]},${age < 35 ? 0 : age < 60 ? 1 : 2}`;
  });
  writeFileSync(join(dir, 'people.csv'), ['prediction,probability_1,age,color,label', ...rows].join('\n') + '\n');
  writeFileSync(join(dir, 'new.csv'), 'prediction,probability_1,age,color\nA,B,20,red\nC,D,70,blue\nE,F,45,green\n');
  for (const key of ['prediction', 'probability_1']) {
    const file = join(dir, `${key}.mlpipe`);
    writeFileSync(file, pipeline(key));
    const run = await runPipeline({ file, root: dir });
    assert.ok(run.registered, `${key}: registered in staging`);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, string[]]> = [
  ['prediction', ['prediction', 'prediction_1', 'probability_0', 'probability_1', 'probability_2']],
  ['probability_1', ['probability_1', 'prediction', 'probability_0', 'probability_1_1', 'probability_2']],
];
for (const [key, header] of cases) {
  test(`a key column named '${key}' keeps its name and the score's column of that name is renamed; the values are /predict's`, { timeout: 120_000 }, async () => {
    const file = join(dir, `${key}.mlpipe`);
    const out = join(dir, `${key}-out.csv`);
    const r = await mlpipe(['score', file, '--input', join(dir, 'new.csv'), '--output', out]);
    assert.equal(r.status, 0, r.stderr);
    const [renamed] = header.filter((h, i) => i > 0 && h.endsWith('_1') && h.slice(0, -2) === key);
    assert.match(r.stderr, new RegExp(`the key column is named '${key}', so the score's '${key}' column is written as '${renamed}'`));
    const scored = parseCsv(readFileSync(out, 'utf8'), out);
    assert.deepEqual(scored.header, header);
    assert.doesNotThrow(() => validateHeader(scored.header, out));
    assert.deepEqual(scored.rows.map((row) => row[0]), key === 'prediction' ? ['A', 'C', 'E'] : ['B', 'D', 'F'], 'the key as the input writes it');
    const serving = await startServing(file, { port: 0 });
    let answers: Array<{ label: string; probabilities: Record<string, number> }>;
    try {
      const res = await post(`${serving.url}/predict`, { rows: [{ age: 20, color: 'red' }, { age: 70, color: 'blue' }, { age: 45, color: 'green' }] });
      assert.equal(res.status, 200, res.text);
      answers = res.json.predictions;
    } finally {
      await serving.close();
    }
    const label = header.indexOf(key === 'prediction' ? 'prediction_1' : 'prediction');
    const p1 = header.indexOf(key === 'probability_1' ? 'probability_1_1' : 'probability_1');
    assert.deepEqual(scored.rows.map((row) => row[label]), answers.map((a) => String(a.label)));
    assert.deepEqual(scored.rows.map((row) => row[p1]), answers.map((a) => String(a.probabilities['1'])));
  });
}

test('--keep writes more of the input\'s columns beside the key, as the input writes them; a column the input lacks is a usage error', { timeout: 120_000 }, async () => {
  const file = join(dir, 'prediction.mlpipe');
  const input = join(dir, 'kept.csv');
  writeFileSync(input, 'prediction,probability_1,age,color,ticket\nA,B,20,red,007\nC,D,70,blue,008\n');
  const out = join(dir, 'kept-out.csv');
  const r = await mlpipe(['score', file, '--input', input, '--output', out, '--keep', 'ticket,probability_1,prediction,ticket']);
  assert.equal(r.status, 0, r.stderr);
  const scored = parseCsv(readFileSync(out, 'utf8'), out);
  // The key, then each kept column once in the order given; the score's columns of a kept
  // column's name take a suffix.
  assert.deepEqual(scored.header, ['prediction', 'ticket', 'probability_1', 'prediction_1', 'probability_0', 'probability_1_1', 'probability_2']);
  assert.deepEqual(scored.rows.map((row) => row.slice(0, 3)), [['A', '007', 'B'], ['C', '008', 'D']]);
  assert.match(r.stderr, /a kept column is named 'probability_1', so the score's 'probability_1' column is written as 'probability_1_1'/);
  const bad = await mlpipe(['score', file, '--input', input, '--output', out, '--keep', 'tiket']);
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--keep names 'tiket', which .*kept\.csv does not have \(did you mean 'ticket'\?\)/);
});

test('a key that repeats in the input is said once, with the --keep that would tell its rows apart; a kept column silences it', { timeout: 120_000 }, async () => {
  const file = join(dir, 'prediction.mlpipe');
  const input = join(dir, 'repeated.csv');
  writeFileSync(input, 'prediction,probability_1,age,color,ticket\nA,B,20,red,1\nA,D,70,blue,2\nC,E,45,green,3\n');
  const out = join(dir, 'repeated-out.csv');
  const r = await mlpipe(['score', file, '--input', input, '--output', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(/repeats/g)?.length, 1, r.stderr);
  assert.match(r.stderr, /the key 'prediction' repeats in .*repeated\.csv \('A' is on several rows\), so a score joins back to its row only by position: add '--keep' with a column that tells them apart/);
  const kept = await mlpipe(['score', file, '--input', input, '--output', out, '--keep', 'ticket']);
  assert.equal(kept.status, 0, kept.stderr);
  assert.doesNotMatch(kept.stderr, /repeats/);
});

test('an input without the key column is said once, naming a close column and the --keep that joins the scores back', { timeout: 120_000 }, async () => {
  const file = join(dir, 'prediction.mlpipe');
  const input = join(dir, 'no-key.csv');
  // The key's header in capitals, as another tool exported it: the output held only scores.
  writeFileSync(input, 'PREDICTION,age,color\nA,20,red\nC,70,blue\n');
  const out = join(dir, 'no-key-out.csv');
  const r = await mlpipe(['score', file, '--input', input, '--output', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /no-key\.csv has no key column 'prediction' \(it has 'PREDICTION'\), so the output holds only the scores, in the input's row order: rename 'PREDICTION' to 'prediction', or add '--keep PREDICTION'\n/);
  assert.equal(readFileSync(out, 'utf8').split('\n')[0], 'prediction,probability_0,probability_1,probability_2');
  writeFileSync(input, 'age,color\n20,red\n');
  const none = await mlpipe(['score', file, '--input', input, '--output', out]);
  assert.match(none.stderr, /no-key\.csv has no key column 'prediction', so the output holds only the scores, in the input's row order: add '--keep' with a column that identifies the rows\n/);
  const kept = await mlpipe(['score', file, '--input', input, '--output', out, '--keep', 'age']);
  assert.equal(kept.status, 0, kept.stderr);
  assert.doesNotMatch(kept.stderr, /no key column/);
});

// '--output -' made a file named '-' in the working folder; '-' is stdout, as for most tools.
test("--output - writes the scores to stdout and the summary to stderr, and makes no file named '-'", { timeout: 120_000 }, async () => {
  const file = join(dir, 'prediction.mlpipe');
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    execFile(process.execPath, [CLI, 'score', file, '--input', join(dir, 'new.csv'), '--output', '-'], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    ),
  );
  assert.equal(r.code, 0, r.stderr);
  const scored = parseCsv(r.stdout, 'stdout');
  assert.deepEqual(scored.header, cases[0]![1]);
  assert.deepEqual(scored.rows.map((row) => row[0]), ['A', 'C', 'E']);
  assert.match(r.stderr, /^scored 3 of 3 rows with prediction_model v1 into stdout/m);
  assert.equal(existsSync(join(dir, '-')), false, "a file named '-' was written");
});
