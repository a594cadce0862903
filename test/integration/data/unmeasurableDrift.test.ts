import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openStore } from '../../../server/backend/tracking/store.js';

/**
 * A `drift` line the training reference cannot measure (`chi2` of a feature the model reads
 * through another, hundreds of distinct values) passed the check, trained and registered, and
 * only `mlpipe serve` then refused it: the run that builds the reference says so, in serving's
 * words. `chi2` of a regression's prediction is the check's error, before any training.
 */
const pipeline = (line: string, split = 'seed = 1', serve = '') => `pipeline demand

data sales {
  source = "data/sales.csv"
  target = units
  key    = id
}

split {
  test = 0.2
  ${split}
}

feature xr = sales.x
feature xb = bucketize(xr, [100, 200])
feature xs = standardize(xr) + xb

model m {
  kind   = linear
  inputs = [xs]
  epochs = 2
  seed   = 1
}

${serve}
monitor {
  ${line}
  drift xs ks > 0.3
  on_drift = alert
}

environment {
  backend       = cpu
  deterministic = true
}
`;

async function run(line: string, split?: string, serve?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-unmeasurable-'));
  try {
    mkdirSync(join(dir, 'data'));
    const rows = ['id,x,units'];
    for (let i = 0; i < 300; i++) rows.push(`${i},${(i * 7) % 300},${(i * 13) % 1000}`);
    writeFileSync(join(dir, 'data/sales.csv'), rows.join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), pipeline(line, split, serve));
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    const store = openStore(dir);
    try {
      return { r, notes: store.getRun(r.runId)!.notes };
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a run says which drift line its reference cannot measure, in its result and its notes', async () => {
  // Unseeded: the check cannot know the training rows (a seeded split is refused before training, below).
  const { r, notes } = await run('drift xr chi2 < 0.05', 'by = id');
  const message =
    "monitor: 'drift xr chi2' cannot be measured: 'chi2' compares categories, and 'xr' has more than 100 distinct values: use 'ks', 'psi', 'js' or 'wasserstein'";
  assert.deepEqual(r.unmeasurableDrift, [message]);
  assert.equal(notes, message);
});

test('a run whose drift lines are all measurable says nothing of them', async () => {
  const { r, notes } = await run('drift prediction psi > 0.2');
  assert.equal(r.unmeasurableDrift, undefined);
  assert.equal(notes ?? null, null);
});

test("chi2 of a regression's prediction is refused by the check, before training, in serving's words", async () => {
  await assert.rejects(run('drift prediction chi2 < 0.05'), (e: Error & { diagnostics?: Array<{ message: string }> }) => {
    assert.match(e.message, /has 1 error: fix it before running/);
    assert.deepEqual(
      e.diagnostics?.map((d) => d.message),
      ["'chi2' compares categories, and the 'prediction' of a binary or regression model is a number (a probability or a value, one for each distinct input row): use 'psi', 'ks', 'js', 'wasserstein'"],
    );
    return true;
  });
});

/** The check judges drift lines against the served model's training values. */
const SERVED = 'register m_model {\n  from = m\n}\n\nserve {\n  model = m_model@staging\n}\n';

test('chi2 of an inner target with hundreds of training values is refused by the check, before training, in serving\'s words', async () => {
  // 'xr' is read by the model only through 'xs': the check left it to serving, so the run trained
  // and registered, and 'mlpipe serve' refused the line.
  await assert.rejects(run('drift xr chi2 < 0.05', undefined, SERVED), (e: Error & { diagnostics?: Array<{ message: string }> }) => {
    assert.deepEqual(e.diagnostics?.map((d) => d.message), ["'chi2' compares categories, and 'xr' has more than 100 distinct values: use 'ks', 'psi', 'js' or 'wasserstein'"]);
    return true;
  });
});

test('chi2 of an inner target of few training values stays clean', async () => {
  const { r } = await run('drift xb chi2 < 0.05', undefined, SERVED);
  assert.equal(r.unmeasurableDrift, undefined);
});
