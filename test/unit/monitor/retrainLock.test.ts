// The cross-process retrain hold: published whole, renewed while held, taken over when stale, and
// never removed from under the process that holds it now.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { HEARTBEAT_MS, publish, retrainLockPath, STALE_MS, takeOverStale, takeRetrainLock } from '../../../server/backend/monitor/retrainLock.js';
import { currentOwner } from '../../../server/backend/tracking/liveness.js';

function store(): { root: string; file: string; lock: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-lock-'));
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  const file = join(root, 'p.mlpipe');
  return { root, file, lock: retrainLockPath(root, file), done: () => rmSync(root, { recursive: true, force: true }) };
}

const elsewhere = JSON.stringify({ owner: { pid: 4242, hostname: 'another-host.example', identity: null }, trigger: 'drift:az' });

test('a hold by a server on another host is respected while renewed, and taken over once nobody renewed it', () => {
  const s = store();
  try {
    writeFileSync(s.lock, elsewhere);
    assert.deepEqual(takeRetrainLock(s.root, s.file, 'manual'), { heldBy: 'drift:az' }, 'its owner cannot be asked: its time says it is alive');
    const old = new Date(Date.now() - STALE_MS - 5_000);
    utimesSync(s.lock, old, old);
    const release = takeRetrainLock(s.root, s.file, 'manual');
    assert.equal(typeof release, 'function', 'not renewed for longer than STALE_MS: taken over');
    const held = JSON.parse(readFileSync(s.lock, 'utf8')) as { owner: { pid: number }; trigger: string };
    assert.equal(held.owner.pid, process.pid);
    assert.equal(held.trigger, 'manual');
    (release as () => void)();
    assert.equal(existsSync(s.lock), false);
    assert.deepEqual(readdirSync(join(s.root, '.mlpipe')), [], 'no file of its own or moved aside is left');
  } finally {
    s.done();
  }
});

test('a stale hold that another process took over meanwhile is put back, not removed', () => {
  const s = store();
  try {
    // This process judged `elsewhere` stale; before it moved it, another process took it over and published its own.
    const fresh = JSON.stringify({ owner: { pid: 77, hostname: 'third-host.example', identity: null }, trigger: 'drift:tickets', token: 'b' });
    writeFileSync(s.lock, fresh);
    assert.equal(takeOverStale(s.lock, elsewhere), false);
    assert.equal(readFileSync(s.lock, 'utf8'), fresh, 'the live hold is where its owner left it');
    assert.deepEqual(readdirSync(join(s.root, '.mlpipe')), [retrainLockPath(s.root, s.file).split('/').pop()]);
    writeFileSync(s.lock, elsewhere);
    assert.equal(takeOverStale(s.lock, elsewhere), true, 'the hold judged stale is removed');
    assert.equal(existsSync(s.lock), false);
  } finally {
    s.done();
  }
});

test('a release removes only its own hold: one taken over meanwhile stays', () => {
  const s = store();
  try {
    const release = takeRetrainLock(s.root, s.file, 'drift:az');
    assert.equal(typeof release, 'function');
    const other = JSON.stringify({ owner: currentOwner(), trigger: 'manual', token: 'someone else' });
    writeFileSync(s.lock, other); // this process hung past STALE_MS and another took it over
    (release as () => void)();
    assert.equal(readFileSync(s.lock, 'utf8'), other);
  } finally {
    s.done();
  }
});

test('a held retrain renews its time every HEARTBEAT_MS, and stops renewing when released', (t) => {
  const s = store();
  t.mock.timers.enable({ apis: ['setInterval'] });
  try {
    const release = takeRetrainLock(s.root, s.file, 'drift:az') as () => void;
    const old = new Date(Date.now() - STALE_MS - 5_000);
    utimesSync(s.lock, old, old);
    t.mock.timers.tick(HEARTBEAT_MS);
    assert.ok(Date.now() - statSync(s.lock).mtimeMs < STALE_MS, 'renewed');
    release();
    writeFileSync(s.lock, elsewhere);
    utimesSync(s.lock, old, old);
    t.mock.timers.tick(HEARTBEAT_MS * 2);
    assert.ok(Date.now() - statSync(s.lock).mtimeMs > STALE_MS, 'a released hold renews nothing');
  } finally {
    mock.timers.reset();
    s.done();
  }
});

test('on a file system without hard links a hold is still taken across processes, created in place', () => {
  const s = store();
  try {
    const noLinks = () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    assert.equal(publish(s.root, s.lock, elsewhere, noLinks), 'published');
    assert.equal(readFileSync(s.lock, 'utf8'), elsewhere);
    assert.equal(publish(s.root, s.lock, 'another', noLinks), 'held', 'a second process finds it held');
    assert.deepEqual(readdirSync(join(s.root, '.mlpipe')), [s.lock.split('/').pop()], 'no file of its own is left');
  } finally {
    s.done();
  }
});
