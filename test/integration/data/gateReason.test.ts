import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const PIPELINE = `pipeline gate_reason

data t {
  source = "data/t.csv"
  target = y
  key    = id
  time   = at
}

split {
  test  = 0.1
  order = time
}

feature fx = standardize(t.x)

model m {
  kind   = logistic
  inputs = [fx]
  epochs = 2
  seed   = 1
}

evaluate {
  require auc >= 0.5
}

environment {
  backend       = cpu
  deterministic = true
}
`;

test('a gate whose metric the test split cannot give says why, in the result and the run record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-gate-'));
  try {
    mkdirSync(join(dir, 'data'));
    // 30 rows over 30 days; of the 3 latest (the time-ordered test split), the one of class 0
    // has no 'x' and is left out, so the 2 the run keeps are class 1. (Had the split itself put
    // one class in test, the check would refuse the gate: invalid-value, 'never be computed'.)
    const x = (i: number) => (i === 27 ? '' : String((i * 0.37) % 1));
    const rows = Array.from({ length: 30 }, (_, i) => `${i},2024-01-${String(i + 1).padStart(2, '0')},${x(i)},${i >= 28 ? 1 : i === 27 ? 0 : i % 2}`);
    writeFileSync(join(dir, 'data/t.csv'), ['id,at,x,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, register: false });
    assert.equal(r.rows.test, 2);
    assert.deepEqual(r.gates.results, [
      { metric: 'auc', op: '>=', threshold: 0.5, actual: null, passed: false, reason: "the test split's 2 rows all hold one class, and AUC needs two" },
    ]);
    const store = openStore(dir);
    try {
      assert.deepEqual(store.getRun(r.runId)!.gates, r.gates.results);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
