/**
 * A learning rate that makes training diverge left weights that are not numbers: the run
 * completed, an accuracy gate passed (a NaN probability is never above 0.5, so every row is
 * class 0), the version was registered, and /predict answered null. Such a run now fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const pipeline = (learningRate: string) => `pipeline diverged

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
  kind          = mlp
  inputs        = [fx]
  epochs        = 3
  learning_rate = ${learningRate}
  seed          = 1
}

evaluate {
  require accuracy >= 0.3
}

register diverged_model {
  from = m
}

environment {
  backend       = wasm
  deterministic = true
}
`;

test('a run whose training diverged fails, names the epoch and registers nothing', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-diverged-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${((i * 0.37) % 1).toFixed(3)},${i % 2}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), pipeline('1e30'));
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir }), (e: Error) => {
      assert.equal(e.name, 'PipelineError');
      assert.match(e.message, /^training diverged: the trained weights are not finite numbers; the loss was NaN from epoch \d+: lower 'learning_rate' \(1e\+30\)/);
      return true;
    });
    const store = openStore(dir);
    try {
      const [run] = store.listRuns();
      assert.equal(run!.status, 'failed');
    } finally {
      store.close();
    }
    // The same pipeline at a sane rate trains and registers.
    writeFileSync(join(dir, 'p.mlpipe'), pipeline('0.01'));
    const ok = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir });
    assert.equal(ok.status, 'completed');
    assert.equal(ok.registered?.version, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// One cell of 1e30 (finite in float32, its square is not) made the loss NaN from epoch 1, and
// the message said to lower the learning rate, which no rate fixes: it now names the row.
test('a run diverged by an input whose square is beyond float32 names that input and row, not the learning rate', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-diverged-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i === 7 ? '1e30' : ((i * 0.37) % 1).toFixed(3)},${i * 3}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), pipeline('0.01').replace('standardize(t.x)', 't.x').replace('require accuracy >= 0.3', 'require rmse <= 1000'));
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir }), (e: Error) => {
      assert.equal(e.name, 'PipelineError');
      assert.match(e.message, /^training diverged: the trained weights are not finite numbers; the loss was NaN from epoch \d+: input 'fx' is 1\.000\d*e\+30 on row 8 of 'data\/t\.csv', whose square is beyond float32's range: bound it with 'clip\(…\)' or scale it with 'log1p\(…\)'$/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
