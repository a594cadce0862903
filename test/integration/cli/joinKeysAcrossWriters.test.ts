/**
 * One key written by different tools joins as one: a primary table from pandas whose ids are
 * floats (`1.0`, a column that held a NaN) and a history table in Parquet with INT64 ids (`1`).
 * The window join keys cells by value (`joinKey`), so every window finds its rows and the check
 * and the run say nothing; keys that truly differ (`C1` against `1`) get the run's note.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './harness.js';

const PIPELINE = `pipeline p

data c {
  source = "data/c.csv"
  target = y
  key    = customer_id
  time   = snapshot_at
}

data o {
  source = "data/o.parquet"
  key    = customer_id
  time   = at
}

split {
  test = 0.25
  seed = 3
}

feature n = window_count(o.v, 60d, as_of = c.snapshot_at)

model m {
  kind   = logistic
  inputs = [n]
  epochs = 2
  seed   = 1
}
`;

async function project(primaryId: (i: number) => string): Promise<{ dir: string; env: Record<string, string>; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-join-keys-'));
  mkdirSync(join(dir, 'data'));
  const rows = Array.from({ length: 40 }, (_, i) => `${primaryId(i + 1)},2025-03-01 00:00:00+00:00,${i % 2}`);
  writeFileSync(join(dir, 'data/c.csv'), ['customer_id,snapshot_at,y', ...rows].join('\n') + '\n');
  const ids: bigint[] = [];
  const at: string[] = [];
  const v: number[] = [];
  for (let i = 1; i <= 40; i++)
    for (let j = 0; j < (i % 2 ? 3 : 1); j++) {
      ids.push(BigInt(i));
      at.push(`2025-02-1${j}T00:00:00Z`);
      v.push(j + 1);
    }
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'customer_id', data: ids, type: 'INT64' },
      { name: 'at', data: at, type: 'STRING' },
      { name: 'v', data: v, type: 'DOUBLE' },
    ],
  });
  writeFileSync(join(dir, 'data/o.parquet'), new Uint8Array(buffer));
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  return { dir, env: { MLPIPE_HOME: join(dir, 'home') }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('join keys written by different tools', () => {
  it("pandas' float ids (1.0) join a Parquet INT64 history (1): every window finds its rows", { timeout: 120_000 }, async () => {
    const p = await project((i) => `${i}.0`);
    try {
      const check = cli(['check', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.match(check.stdout, /^0 errors/m, check.stdout);
      const run = cli(['run', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, /shares a key|empty/);
      // The count (3 for odd ids, 1 for even) ranks the classes apart (auc 1, or 0 for a
      // negative weight after two epochs) only if every row joined; empty windows tie at 0.5.
      assert.match(run.stdout + run.stderr, /auc [01]\.0000/);
    } finally {
      p.dispose();
    }
  });

  it('ids that truly differ (C1 against 1) get the run\'s note', { timeout: 120_000 }, async () => {
    const p = await project((i) => `C${i}`);
    try {
      const run = cli(['run', 'p.mlpipe'], { cwd: p.dir, env: p.env });
      assert.match(run.stdout + run.stderr, /no row of data\/c\.csv shares a key with data\/o\.parquet/);
    } finally {
      p.dispose();
    }
  });
});
