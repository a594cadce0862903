// One retrain at a time per pipeline, whether the editor's Retrain now or a drift alert starts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { holdRetrain, Retrainer, runningRetrain } from '../../../server/backend/monitor/retrain.js';
import { retrainLockPath } from '../../../server/backend/monitor/retrainLock.js';
import { currentOwner } from '../../../server/backend/tracking/liveness.js';

test('a manual retrain holds its pipeline: a second hold and a drift alert meanwhile start nothing', async () => {
  let finish!: (v: string) => void;
  let started = 0;
  const first = holdRetrain('/p/a.mlpipe', () => {
    started++;
    return new Promise<string>((r) => (finish = r));
  });
  assert.ok(first);
  assert.equal(holdRetrain('/p/a.mlpipe', async () => (started++, 'second')), null, 'refused while the first runs');
  assert.equal(started, 1, 'the refused job never started');
  const actions: string[] = [];
  const drift = new Retrainer('/p/a.mlpipe', '/p', (_id, action) => actions.push(action));
  assert.equal(drift.busy, true);
  assert.equal(runningRetrain('/p/a.mlpipe'), 'started by hand', 'what holds it, for the refusals to name');
  assert.equal(drift.trigger(7, 'tickets'), 'recorded: a retrain of this pipeline is already running (started by hand)');
  assert.equal(drift.last, null, 'no drift retrain started');
  const other = holdRetrain('/p/b.mlpipe', async () => 'other pipeline');
  assert.equal(await other, 'other pipeline', 'another pipeline is not held');
  finish('done');
  assert.equal(await first, 'done');
  assert.equal(drift.busy, false, 'released when the manual retrain ends');
  assert.equal(runningRetrain('/p/a.mlpipe'), undefined);
  const again = holdRetrain('/p/a.mlpipe', async () => 'again');
  assert.equal(await again, 'again');
});

test('a failed manual retrain releases its pipeline too', async () => {
  const failing = holdRetrain('/p/c.mlpipe', async () => {
    throw new Error('gate failed');
  });
  await assert.rejects(failing!, /gate failed/);
  assert.ok(holdRetrain('/p/c.mlpipe', async () => 'ok'));
});

test('a drift retrain held by another live server process is recorded, not run a second time', () => {
  // Two servers of one pipeline on one store (two replicas) each alerted on the same drift and
  // each retrained: two copies of one model registered in the same second (v4 and v5).
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-hold-'));
  try {
    const file = join(root, 'reg.mlpipe');
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    // What the other server wrote when its retrain started: a live process (this one stands in).
    writeFileSync(retrainLockPath(root, file), JSON.stringify({ owner: currentOwner(), trigger: 'drift:az' }));
    const actions: string[] = [];
    const drift = new Retrainer(file, root, (_id, action) => actions.push(action));
    assert.equal(drift.trigger(1, 'prediction'), 'recorded: a retrain of this pipeline is already running in another process (drift:az)');
    assert.equal(drift.last, null, 'no second retrain started');
    assert.equal(drift.busy, false, 'nothing runs in this process');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a retrain hold left by a server that is gone is taken over', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-hold-'));
  try {
    const file = join(root, 'missing.mlpipe');
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    writeFileSync(retrainLockPath(root, file), JSON.stringify({ owner: { pid: gone, hostname: hostname(), identity: null }, trigger: 'drift:az' }));
    const drift = new Retrainer(file, root, () => {});
    assert.equal(drift.trigger(1, 'az'), 'retrain started (drift:az)');
    const outcome = await drift.last!;
    assert.ok(outcome.error, 'the retrain of a missing file fails');
    assert.equal(existsSync(retrainLockPath(root, file)), false, 'released when the retrain ends');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a manual retrain given the store's root is refused while a server in another process retrains, and holds it from them", async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-hold-'));
  try {
    const file = join(root, 'p.mlpipe');
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    writeFileSync(retrainLockPath(root, file), JSON.stringify({ owner: currentOwner(), trigger: 'drift:az' }));
    let started = 0;
    assert.equal(holdRetrain(file, async () => started++, 'manual', root), null, 'refused: another process holds it');
    assert.equal(started, 0);
    rmSync(retrainLockPath(root, file));
    let finish!: () => void;
    const held = holdRetrain(file, () => new Promise<void>((r) => (finish = r)), 'manual', root);
    assert.ok(held);
    assert.equal(existsSync(retrainLockPath(root, file)), true, 'held for the other processes');
    finish();
    await held;
    assert.equal(existsSync(retrainLockPath(root, file)), false, 'released when it ends');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a retrain hold with no readable owner is respected for a minute, then taken over', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-hold-'));
  try {
    const file = join(root, 'p.mlpipe');
    const lock = retrainLockPath(root, file);
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    writeFileSync(lock, ''); // its process died between creating and writing it
    assert.equal(holdRetrain(file, async () => 'ran', 'manual', root), null, 'a fresh one may still be being written');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const held = holdRetrain(file, async () => 'ran', 'manual', root);
    assert.ok(held, 'an old one with no owner is stale');
    assert.equal(await held, 'ran');
    assert.equal(existsSync(lock), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a manual retrain whose job throws at once leaves no cross-process hold behind', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-hold-'));
  try {
    const file = join(root, 'p.mlpipe');
    assert.throws(
      () =>
        holdRetrain(
          file,
          () => {
            throw new Error('no such pipeline');
          },
          'manual',
          root,
        ),
      /no such pipeline/,
    );
    assert.equal(existsSync(retrainLockPath(root, file)), false);
    assert.ok(holdRetrain(file, async () => 'again', 'manual', root), 'the pipeline is free again');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
