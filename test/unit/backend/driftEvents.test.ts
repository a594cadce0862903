import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointInfo } from '../../../server/protocol/backend.js';
import { followDrift, type DriftChangedEvent } from '../../../server/backend/rpc/driftEvents.js';
import type { Serving as RunningServer } from '../../../server/backend/serve/server.js';

// The log is replaced by its one seam (followWritten) to isolate the rate limit; the real log,
// server and event stream are in test/integration/backend/drift.test.ts.
function fakeServer(): { server: RunningServer; write(): void; followers: () => number } {
  const followers = new Set<() => void>();
  const log = {
    followWritten(f: () => void) {
      followers.add(f);
      return () => followers.delete(f);
    },
  };
  return { server: { url: 'http://127.0.0.1:9', log } as unknown as RunningServer, write: () => followers.forEach((f) => f()), followers: () => followers.size };
}

const state = (filled: number): Pick<EndpointInfo, 'drift' | 'window'> => ({ drift: [], window: { size: 500, filled } });

/** The events sent, and the next one to come. */
function collect(): { events: DriftChangedEvent[]; emit: (e: DriftChangedEvent) => void; next: () => Promise<DriftChangedEvent> } {
  const events: DriftChangedEvent[] = [];
  let wake: ((e: DriftChangedEvent) => void) | undefined;
  return {
    events,
    emit: (e) => {
      events.push(e);
      wake?.(e);
    },
    next: () => new Promise<DriftChangedEvent>((r) => (wake = r)),
  };
}

test('a burst of writes gives one event at once and one trailing event with the last state, no more', async () => {
  const { server, write } = fakeServer();
  let filled = 0;
  const c = collect();
  const f = followDrift(server, () => Promise.resolve(state(filled)), c.emit, 300);
  const first = c.next();
  filled = 50;
  write();
  assert.equal((await first).window?.filled, 50);
  const t0 = Date.now();
  const trailing = c.next();
  for (let i = 0; i < 20; i++) {
    filled += 10;
    write();
  }
  const last = await trailing;
  assert.equal(last.window?.filled, 250, 'the trailing event carries the state after the last write');
  assert.ok(Date.now() - t0 >= 200, 'the second event waited out the interval');
  assert.equal(c.events.length, 2);
  assert.equal(last.url, 'http://127.0.0.1:9');
  f.close();
});

test('an unchanged state is not sent again; close stops following', async () => {
  const { server, write, followers } = fakeServer();
  const c = collect();
  let filled = 10;
  let measured: (() => void) | undefined;
  const f = followDrift(
    server,
    () => {
      const s = state(filled);
      return Promise.resolve(s).finally(() => setImmediate(() => measured?.()));
    },
    c.emit,
    20,
  );
  const first = c.next();
  write();
  await first;
  // The same state read again after another write: measured, not sent.
  const again = new Promise<void>((r) => (measured = r));
  write();
  await again;
  assert.equal(c.events.length, 1);
  const changed = c.next();
  filled = 20;
  write();
  assert.equal((await changed).window?.filled, 20);
  f.close();
  assert.equal(followers(), 0);
});

test('a server without a prediction log sends nothing', () => {
  const server = { url: 'http://127.0.0.1:9', log: null } as unknown as RunningServer;
  const f = followDrift(server, () => Promise.reject(new Error('never measured')), () => assert.fail('no event'));
  f.close();
});
