import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore } from '../../../server/backend/tracking/store.js';
import { Child, killChildren } from './childProcess.js';

const root = mkdtempSync(join(tmpdir(), 'mlpipe-interrupted-'));
after(() => {
  killChildren();
  rmSync(root, { recursive: true, force: true });
});

test('a run whose process was killed is marked interrupted on the next open, a live one is not', async () => {
  const child = new Child('hold.ts', [root]);
  const runId = (await child.waitFor((l) => l.startsWith('started '))).split(' ')[1]!;

  // While the child lives, opening the store must leave its run alone.
  const live = openStore(root);
  assert.equal(live.getRun(runId)?.status, 'running');
  assert.equal(live.getRun(runId)?.pid, child.proc.pid);
  live.close();

  child.kill9();
  await child.exited;

  const store = openStore(root);
  try {
    const run = store.getRun(runId)!;
    assert.equal(run.status, 'interrupted');
    assert.match(run.error!, new RegExp(`process ${child.proc.pid} on .* ended without finishing`));
    assert.ok(run.endedAt);
    assert.equal(store.countMetrics(runId), 1, 'what the run logged before it died is kept');
    assert.throws(() => store.logMetrics(runId, [{ key: 'loss', step: 1, value: 0 }]), /it is interrupted/);
  } finally {
    store.close();
  }
});
