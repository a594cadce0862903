import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKOFF_MS, CrashPolicy } from '../../../extension/crashPolicy.js';

function clocked(maxCrashes = 5, windowMs = 180_000) {
  let now = 1_000_000;
  const policy = new CrashPolicy(maxCrashes, windowMs, BACKOFF_MS, () => now);
  return { policy, advance: (ms: number) => (now += ms) };
}

test('each crash in the window waits longer before the restart, then the policy gives up', () => {
  const { policy, advance } = clocked();
  const decisions = [];
  for (let i = 0; i < 5; i++) {
    decisions.push(policy.crashed());
    advance(10_000);
  }
  assert.deepEqual(decisions, [
    { restart: true, delayMs: 1000, recent: 1 },
    { restart: true, delayMs: 2000, recent: 2 },
    { restart: true, delayMs: 4000, recent: 3 },
    { restart: true, delayMs: 8000, recent: 4 },
    { restart: false, recent: 5 },
  ]);
  assert.equal(policy.describe(), '5 times in 3 minutes');
});

test('crashes older than the window are forgotten, so the wait shrinks back', () => {
  const { policy, advance } = clocked();
  policy.crashed();
  advance(60_000);
  policy.crashed();
  advance(150_000); // the first crash is now 210 s old, the second 150 s
  assert.deepEqual(policy.crashed(), { restart: true, delayMs: 2000, recent: 2 });
  advance(180_000);
  assert.deepEqual(policy.crashed(), { restart: true, delayMs: 1000, recent: 1 });
});

test('the last wait repeats when more crashes are allowed than waits are listed; reset starts over', () => {
  let now = 0;
  const policy = new CrashPolicy(10, 1_000_000, [100, 200], () => now);
  const waits = Array.from({ length: 4 }, () => {
    now += 1;
    const d = policy.crashed();
    return d.restart ? d.delayMs : -1;
  });
  assert.deepEqual(waits, [100, 200, 200, 200]);
  policy.reset();
  assert.equal(policy.recent, 0);
  assert.deepEqual(policy.crashed(), { restart: true, delayMs: 100, recent: 1 });
});
