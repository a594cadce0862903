/**
 * CSVs as pandas writes them by default: `df.to_csv(path)` writes the row index as a first
 * column with no name (`,a,b`), and an infinity (a division by zero, a log of 0) as `inf`. Both
 * are refused, as before, and the words now say what the file holds and how to write it instead
 * (they said "every column needs a name" and "write a missing value as empty, NA or null, or fix
 * the cell"). Time cells as pandas writes UTC datetimes (`2025-03-01 00:00:00+00:00`) read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './harness.js';

const PIPELINE = `pipeline p

data t {
  source = "data/t.csv"
  target = y
  key    = id
  time   = at
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
`;

/** pandas' to_csv of 40 rows: `index` writes the unnamed index column, `inf` the x of row 4. */
function project(opts: { index: boolean; inf: boolean }): { dir: string; env: Record<string, string>; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-pandas-csv-'));
  mkdirSync(join(dir, 'data'));
  const rows = Array.from({ length: 40 }, (_, i) => {
    const cells = [String(i + 1), `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 00:00:00+00:00`, opts.inf && i === 3 ? 'inf' : `${(i * 0.37) % 1}`, String(i % 2)];
    return (opts.index ? [String(i), ...cells] : cells).join(',');
  });
  writeFileSync(join(dir, 'data/t.csv'), [(opts.index ? ',' : '') + 'id,at,x,y', ...rows].join('\n') + '\n');
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  return { dir, env: { MLPIPE_HOME: join(dir, 'home') }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("pandas' default CSV", () => {
  it('the unnamed index column: check and run say to write the file with index=False', { timeout: 120_000 }, () => {
    const p = project({ index: true, inf: false });
    try {
      const words = /header field 1 is empty: every column needs a name \(a first column with no name is the row index pandas' to_csv writes, or R's write\.csv row names: write the file with to_csv\(\.\.\., index=False\) in pandas or write\.csv\(\.\.\., row\.names = FALSE\) in R, or name the column\)/;
      const check = cli(['check', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(check.code, 1);
      assert.match(check.stdout, /error {2}repro\/unreadable-source {2}'data\/t\.csv' cannot be read as CSV: line 1: /);
      assert.match(check.stdout, words);
      const run = cli(['run', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(run.code, 1);
      assert.match(run.stdout + run.stderr, words);
    } finally {
      p.dispose();
    }
  });

  it("an 'inf' cell: named as an infinity, with how to write it missing", { timeout: 120_000 }, () => {
    const p = project({ index: false, inf: true });
    try {
      const check = cli(['check', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(check.code, 1);
      assert.match(
        check.stdout,
        /error {2}type-mismatch {2}'standardize' needs numbers, but 't\.x' is text: 'inf' in data row 4 is its one cell that is not a number: an infinity, which no feature can use; write infinities as missing values \(empty, NA or null; in pandas df\.replace\(\[np\.inf, -np\.inf\], np\.nan\) before to_csv or to_parquet\) or fix what computed them/,
      );
    } finally {
      p.dispose();
    }
  });

  it('the same file without either trains, its zoned datetimes read as times', { timeout: 120_000 }, () => {
    const p = project({ index: false, inf: false });
    try {
      // A time split reads every cell of 'at' as a time.
      writeFileSync(join(p.dir, 'p.mlpipe'), PIPELINE.replace('seed = 3', 'order = time'));
      const run = cli(['run', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(run.code, 0, run.stdout + run.stderr);
    } finally {
      p.dispose();
    }
  });

  it("booleans learned as pandas' True/False: scoring a Parquet BOOLEAN (true/false) is refused naming the spelling", { timeout: 180_000 }, async () => {
    const p = project({ index: false, inf: false });
    try {
      const rows = readFileSync(join(p.dir, 'data/t.csv'), 'utf8').trim().split('\n');
      writeFileSync(join(p.dir, 'data/t.csv'), [rows[0] + ',flag', ...rows.slice(1).map((l, i) => `${l},${i % 3 ? 'True' : 'False'}`)].join('\n') + '\n');
      writeFileSync(join(p.dir, 'p.mlpipe'), PIPELINE.replace('inputs = [fx]', 'inputs = [fx, fl]').replace('model m {', 'feature fl = one_hot(t.flag)\n\nmodel m {') + '\nregister m_model {\n  from = m\n}\n');
      const run = cli(['run', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const { parquetWriteBuffer } = await import('hyparquet-writer');
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'id', data: [1, 2], type: 'INT32' },
          { name: 'at', data: ['2025-03-01', '2025-03-02'], type: 'STRING' },
          { name: 'x', data: [0.5, 0.25], type: 'DOUBLE' },
          { name: 'flag', data: [true, false], type: 'BOOLEAN' },
        ],
      });
      writeFileSync(join(p.dir, 'in.parquet'), new Uint8Array(buffer));
      const score = cli(['score', 'p.mlpipe', '--input', 'in.parquet', '--output', 'out.csv', '--model', 'm_model@staging'], { cwd: p.dir, env: p.env });
      assert.equal(score.code, 1, score.stdout + score.stderr);
      assert.match(score.stderr, /2 of 2 rows of in\.parquet cannot be scored, as \/predict refuses them \(row 1: field 'flag' is text the model learned as "True": send that text \("true" is another spelling, a category it never saw\)/);
    } finally {
      p.dispose();
    }
  });
});
