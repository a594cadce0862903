// The one batch scheduler of the serving thread's log builder and the in-process log, on real timers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchScheduler } from '../../../server/backend/serve/batchScheduler.js';

/** Resolves after the check phase that follows everything already queued in it. */
const nextCheck = () => new Promise<void>((r) => setImmediate(r));

function counting(ms: number) {
  const runs: number[] = [];
  let wake: (() => void) | null = null;
  const s = new BatchScheduler(ms, () => {
    runs.push(performance.now());
    wake?.();
  });
  const ran = () => new Promise<void>((r) => (wake = r));
  return { s, runs, ran };
}

describe('the batch scheduler', () => {
  it('hands a full batch on at once, after this turn, and only once for several full adds', async () => {
    const { s, runs } = counting(10_000);
    s.added(false);
    s.added(true);
    s.added(true);
    assert.equal(runs.length, 0, 'not within the turn that filled it');
    await nextCheck();
    assert.equal(runs.length, 1, 'in the next check phase, not after the 10 s timer');
    await nextCheck();
    assert.equal(runs.length, 1, 'the partial batch timer was cancelled with it');
    s.cancel();
  });

  it('hands a partial batch on when the first waiting prediction has waited the timer, one timer for many adds', async () => {
    const { s, runs, ran } = counting(40);
    const t0 = performance.now();
    const done = ran();
    s.added(false);
    s.added(false);
    await nextCheck();
    // Not in the check phase like a full batch (unless the loaded machine let the timer pass meanwhile).
    assert.ok(runs.length === 0 || runs[0] - t0 >= 39, 'a partial batch waits');
    s.added(false);
    await done;
    assert.equal(runs.length, 1);
    // Node's timers may fire up to a millisecond early by performance.now().
    assert.ok(runs[0] - t0 >= 39, `ran after ${runs[0] - t0} ms`);
    await nextCheck();
    assert.equal(runs.length, 1);
  });

  it('an owner that hands on by itself cancels what was scheduled', (t) => {
    // Mocked timers: the cancelled timer's moment is reached without waiting for it.
    t.mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] });
    const { s, runs } = counting(1);
    s.added(false);
    s.added(true);
    s.cancel();
    t.mock.timers.tick(10);
    assert.equal(runs.length, 0);
  });

  it('close drains at once, once, and schedules nothing afterwards', async () => {
    const { s, runs } = counting(10_000);
    s.added(false);
    s.close();
    assert.equal(runs.length, 1, 'drained synchronously');
    s.close();
    s.added(true);
    await nextCheck();
    assert.equal(runs.length, 1, 'nothing after close');
  });
});
