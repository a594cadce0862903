/**
 * A live server's log read by a user who may not write it (`mlpipe drift`, `parity`, the editor's
 * Drift panel run by someone else than the server's user): its newest predictions are still in
 * the `-wal` beside it, readable through the server's `-shm`. They are read, and nothing is
 * written. Root writes through any permission, so the reader runs as nobody: no other test read
 * a log whose writer was still open.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { logPath, PredictionLog } from '../../../server/backend/serve/log.js';

const LOG_MODULE = join(__dirname, '../../../server/backend/serve/log.ts');

/** What `LogReader.toRead` gives in a process of `as` (or this one's user): the count, or the error. */
function readAs(root: string, as: { uid?: number; gid?: number }): string {
  const code = `import(${JSON.stringify(LOG_MODULE)}).then((m) => {
    const { LogReader } = m.LogReader ? m : m.default;
    try { const r = LogReader.toRead(${JSON.stringify(root)}); console.log('count ' + r.count()); r.close(); }
    catch (e) { console.log(e.name + ': ' + e.message); }
  });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() }, ...as });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test("a live server's log is read, with the rows still in its -wal, by a user who may not write it, writing nothing", { skip: process.platform === 'win32' }, () => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-live-log-'));
  const store = join(root, '.mlpipe');
  const log = new PredictionLog(root);
  try {
    for (let i = 0; i < 3; i++)
      log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'p', model: 'm_model', version: 1, inputs: { x: i }, features: { fx: i }, prediction: 0.5, latencyUs: 1 });
    log.flush();
    assert.ok(statSync(`${logPath(root)}-wal`).size > 0 && statSync(`${logPath(root)}-shm`).isFile(), 'the server holds its -wal and -shm');
    const files = readdirSync(store).sort();
    const before = new Map(files.map((f) => [f, readFileSync(join(store, f))]));
    chmodSync(root, 0o755); // mkdtemp's 0700 would keep another user out of the project itself
    for (const f of files) chmodSync(join(store, f), 0o644);
    chmodSync(store, 0o755);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

    assert.equal(readAs(root, as), 'count 3');
    assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file beside the log');
    for (const [f, bytes] of before) assert.ok(readFileSync(join(store, f)).equals(bytes), `reading changed ${f}`);

    // The server goes on logging after the read.
    log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'p', model: 'm_model', version: 1, inputs: { x: 9 }, features: { fx: 9 }, prediction: 0.5, latencyUs: 1 });
    log.flush();
    assert.equal(readAs(root, as), 'count 4');
  } finally {
    log.close();
    rmSync(root, { recursive: true, force: true });
  }
});

/** Marks `paths` immutable (`chattr +i`, which stops root too), or says why it cannot here. */
function immutable(paths: string[], on: boolean): string | undefined {
  const r = spawnSync('chattr', [on ? '+i' : '-i', ...paths], { encoding: 'utf8' });
  return r.error ? r.error.message : r.status === 0 ? undefined : r.stderr.trim();
}

// Not the permissions the first test takes away: a file even root may not change (an immutable
// artifact, as a read-only mount is), read by this process's own user.
test('an immutable log and folder are read by any user, root included, leaving them unchanged', { skip: process.platform !== 'linux' }, (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-immutable-log-'));
  const store = join(root, '.mlpipe');
  const log = new PredictionLog(root);
  for (let i = 0; i < 2; i++)
    log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'p', model: 'm_model', version: 1, inputs: { x: i }, features: { fx: i }, prediction: 0.5, latencyUs: 1 });
  log.close();
  const locked = [logPath(root), store];
  try {
    const refused = immutable(locked, true);
    if (refused !== undefined) return t.skip(`chattr +i is refused here (${refused})`);
    const files = readdirSync(store).sort();
    const bytes = readFileSync(logPath(root));
    assert.equal(readAs(root, {}), 'count 2');
    assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file beside the log');
    assert.ok(readFileSync(logPath(root)).equals(bytes), 'reading changed the log');
  } finally {
    immutable(locked, false);
    rmSync(root, { recursive: true, force: true });
  }
});
