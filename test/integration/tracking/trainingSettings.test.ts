/**
 * A run records the training settings it used, defaults filled in (`environment.training`), and
 * reproduce retrains with them: the defaults changed in 0.2 (learning rate by kind, a minimum of
 * steps), so filling today's defaults into a recorded run's text would train another model. A run
 * that records none predates 0.2 and gets that version's defaults (tested bitwise on a store made
 * by an older build: test/integration/upgrade/fromOlderBuild.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { reproduceRun } from '../../../server/backend/pipeline/reproduce.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const pipeline = `pipeline settings

data t {
  source = "data/t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature fx = standardize(t.x)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 1
}

environment {
  backend       = wasm
  deterministic = true
}
`;

test('a run records its training settings and reproduce retrains with them', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-training-settings-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${((i * 0.37) % 1).toFixed(3)},${i % 2}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), pipeline);
    const run = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir });
    const store = openStore(dir);
    const recorded = store.getRun(run.runId)!;
    store.close();
    // 30 training rows at batch 30: one step an epoch, so 500 epochs.
    assert.deepEqual(recorded.environment?.training, { epochs: 500, batchSize: 30, learningRate: 0.01, optimizer: 'adam' });
    // As if the run had been made by an mlpipe whose defaults were other.
    const db = new Database(join(dir, '.mlpipe/mlpipe.db'));
    try {
      const environment = { ...recorded.environment!, training: { epochs: 7, batchSize: 8, learningRate: 0.05, optimizer: 'adam' } };
      db.prepare('UPDATE runs SET environment = ? WHERE id = ?').run(JSON.stringify(environment), run.runId);
    } finally {
      db.close();
    }
    const again = await reproduceRun(run.runId, { root: dir });
    assert.equal(again.identical, false);
    const check = openStore(dir);
    try {
      assert.deepEqual(check.getRun(again.newRunId)!.environment?.training, { epochs: 7, batchSize: 8, learningRate: 0.05, optimizer: 'adam' });
    } finally {
      check.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
