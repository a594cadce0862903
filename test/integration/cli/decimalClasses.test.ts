/**
 * A 0/1 target written as pandas writes a float column ('0.0', '1.0': one that held a NaN, or was
 * computed) is regression by the spec's rule, and the same values as a Parquet DOUBLE read '0'/'1'
 * and classify. The check says how to classify the CSV's and its quick fix writes it; then the
 * run, batch scoring and both formats name the classes alike ('1', never '1.0').
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './harness.js';

const ROWS = Array.from({ length: 40 }, (_, i) => ({ id: i, x: (i * 0.37) % 1, y: i % 2 }));

const pipeline = (source: string) => `pipeline p

data t {
  source = "${source}"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature fx = standardize(t.x)

model m {
  kind   = logistic
  inputs = [fx]
  epochs = 2
  seed   = 1
}

register m_model {
  from = m
}
`;

function project(): { dir: string; env: Record<string, string>; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-decimal-classes-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...ROWS.map((r) => `${r.id},${r.x},${r.y.toFixed(1)}`)].join('\n') + '\n');
  writeFileSync(join(dir, 'score.csv'), 'id,x\n1,0.5\n2,0.25\n');
  return { dir, env: { MLPIPE_HOME: join(dir, 'home') }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('a 0/1 target written 0.0/1.0', () => {
  it("is told to set 'task = classification' (its quick fix), then runs and scores as the Parquet DOUBLE's 0/1 do", { timeout: 180_000 }, async () => {
    const p = project();
    try {
      writeFileSync(join(p.dir, 'csv.mlpipe'), pipeline('data/t.csv'));
      const check = cli(['check', 'csv.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(check.code, 1, check.stdout);
      assert.match(
        check.stdout,
        /error {2}invalid-value {2}a 'logistic' model can only classify, and model 'm' learns a regression \(target 'y' holds 2 distinct whole numbers written with a decimal point, such as '1\.0', which read as a regression target\): set 'task = classification' in model 'm' to classify them, or use kind linear or mlp/,
      );

      const fix = cli(['check', '--fix', 'csv.mlpipe'], { cwd: p.dir, env: p.env });
      assert.match(fix.stdout, /fixed {2}invalid-value {2}Set 'task = classification' in model 'm'/, fix.stdout);
      assert.equal(fix.code, 0, fix.stdout);
      assert.match(readFileSync(join(p.dir, 'csv.mlpipe'), 'utf8'), /^ {2}task {3}= classification$/m);

      const run = cli(['run', 'csv.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.match(run.stdout + run.stderr, /m \(binary\)/);
      const score = cli(['score', 'csv.mlpipe', '--input', 'score.csv', '--output', 'csv-out.csv', '--model', 'm_model@staging'], { cwd: p.dir, env: p.env });
      assert.equal(score.code, 0, score.stderr + score.stdout);
      assert.match(score.stdout + score.stderr, /'prediction' is the probability of class '1'/);

      // The same values as Parquet DOUBLEs: '0'/'1', classified without a word, the same classes.
      const { parquetWriteBuffer } = await import('hyparquet-writer');
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'id', data: ROWS.map((r) => r.id), type: 'INT32' },
          { name: 'x', data: ROWS.map((r) => r.x), type: 'DOUBLE' },
          { name: 'y', data: ROWS.map((r) => r.y), type: 'DOUBLE' },
        ],
      });
      writeFileSync(join(p.dir, 'data/t.parquet'), new Uint8Array(buffer));
      writeFileSync(join(p.dir, 'pq.mlpipe'), pipeline('data/t.parquet').replace('pipeline p', 'pipeline q').replace('m_model', 'q_model'));
      const pq = cli(['run', 'pq.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(pq.code, 0, pq.stderr + pq.stdout);
      const pqScore = cli(['score', 'pq.mlpipe', '--input', 'score.csv', '--output', 'pq-out.csv', '--model', 'q_model@staging'], { cwd: p.dir, env: p.env });
      assert.match(pqScore.stdout + pqScore.stderr, /'prediction' is the probability of class '1'/);
    } finally {
      p.dispose();
    }
  });
});
