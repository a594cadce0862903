/**
 * Ctrl-C after the last batch (during evaluation, or while the artifacts were written) was
 * ignored: training was the only step that looked at the signal, so the run completed, its
 * version was registered and `mlpipe run` exited 0 as if nothing had been pressed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline, type RunOptions } from '../../../server/backend/pipeline/run.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const PIPELINE = `pipeline late

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
  kind   = mlp
  inputs = [fx]
  epochs = 2
  seed   = 1
}

register late_model {
  from  = m
  stage = production
}

environment {
  backend       = wasm
  deterministic = true
}
`;

async function interruptedWhen(hook: (abort: () => void) => Pick<RunOptions, 'onStage' | 'onEpoch'>, where = /^interrupted before /, shape = { rows: 40, pipeline: PIPELINE }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-late-interrupt-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = Array.from({ length: shape.rows }, (_, i) => `${i},${((i * 0.37) % 1).toFixed(3)},${i % 2}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), shape.pipeline);
    const controller = new AbortController();
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, signal: controller.signal, ...hook(() => controller.abort()) }), (e: Error) => {
      assert.equal(e.name, 'AbortError');
      return true;
    });
    const store = openStore(dir);
    try {
      const [run] = store.listRuns();
      assert.equal(run!.status, 'interrupted');
      assert.match(run!.error ?? '', where);
      assert.deepEqual(openRegistry(store).listModels(), [], 'an interrupted run registers nothing');
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('an interrupt after the last batch', { timeout: 120_000 }, () => {
  test('on the last epoch: the run stops before evaluating', async () => {
    await interruptedWhen((abort) => ({ onEpoch: (e) => e.epoch === 2 && abort() }));
  });

  test('during evaluation: the run stops before it completes and registers', async () => {
    await interruptedWhen((abort) => ({ onStage: (s) => s.startsWith('evaluating') && abort() }));
  });

  test('while a large test split is scored: the run stops between slices of rows, not after every row is scored', async () => {
    // 36,000 test rows through [256, 256] are three slices of a tenth of a second or more. The
    // interrupt arrives as SIGTERM's does, from the event loop: before slices, it waited for
    // the whole split, the drift reference and the artifacts ('before completing the run').
    const pipeline = PIPELINE.replace('test = 0.25', 'test = 0.9').replace('epochs = 2', 'epochs = 1\n  layers = [256, 256]');
    await interruptedWhen((abort) => ({ onStage: (s) => s.startsWith('evaluating') && setImmediate(abort) }), /^interrupted while evaluating on the test split$/, { rows: 40_000, pipeline });
  });
});
