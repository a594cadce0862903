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

async function interruptedWhen(hook: (abort: () => void) => Pick<RunOptions, 'onStage' | 'onEpoch'>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-late-interrupt-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${((i * 0.37) % 1).toFixed(3)},${i % 2}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    const controller = new AbortController();
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, signal: controller.signal, ...hook(() => controller.abort()) }), (e: Error) => {
      assert.equal(e.name, 'AbortError');
      return true;
    });
    const store = openStore(dir);
    try {
      const [run] = store.listRuns();
      assert.equal(run!.status, 'interrupted');
      assert.match(run!.error ?? '', /^interrupted before /);
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
});
