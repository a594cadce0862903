/**
 * A run store this user may not write (a CI artifact unpacked read-only, another user's project,
 * a read-only mount) is still listed: `mlpipe runs` and `models` read it read-only, without
 * writing a byte or a `-shm` file beside it; only a command that writes says it cannot. Listing
 * was refused ("this user cannot write the tracking database"), as opening wrote to it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from '../data/tinyProject.js';
import { cli, CLI } from './harness.js';

/** Every file and folder under `dir`, made read-only (or writable again) for everyone. */
function setWritable(dir: string, writable: boolean): void {
  for (const name of readdirSync(dir, { recursive: true }).map(String)) {
    const path = join(dir, name);
    chmodSync(path, statSync(path).isDirectory() ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
  }
  chmodSync(dir, writable ? 0o755 : 0o555);
}

test('a store this user may not write is listed read-only, unchanged; a write names the cause', { timeout: 120_000 }, () => {
  const dir = tinyProject('mlpipe-readonly-');
  const store = join(dir, '.mlpipe');
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    writeFileSync(join(dir, 'p.mlpipe'), `pipeline ro\n\n${TINY_BLOCKS}\n${tinyRegistering()}`);
    const run = cli(['run', 'p.mlpipe', '--json'], { cwd: dir, env: { MLPIPE_HOME: '' } });
    assert.equal(run.code, 0, run.stderr);
    const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    const before = readFileSync(join(store, 'mlpipe.db'));
    const files = readdirSync(store).sort();
    setWritable(store, false);
    chmodSync(dir, 0o755); // mkdtemp's 0700 would keep another user out of the project itself
    // Root writes through any permission: the listing runs as nobody then, as a user without
    // write access to someone else's store.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const mlpipe = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', MLPIPE_HOME: '' }, encoding: 'utf8', ...as });

    const runs = mlpipe('runs');
    assert.equal(runs.status, 0, runs.stderr);
    assert.match(runs.stdout, new RegExp(`^${runId}  completed +ro `));
    const json = mlpipe('runs', '--json');
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.stdout) as Array<{ runId: string }>).map((r) => r.runId), [runId]);
    const models = mlpipe('models', '--json');
    assert.equal(models.status, 0, models.stderr);
    assert.deepEqual((JSON.parse(models.stdout) as Array<{ name: string }>).map((m) => m.name), ['a_model']);
    const history = mlpipe('models', 'a_model');
    assert.equal(history.status, 0, history.stderr);
    assert.match(history.stdout, /^a_model: 1 stage change\(s\)/);

    // A write is refused, naming the cause and the file.
    const promote = mlpipe('promote', 'a_model', '1', 'production');
    assert.equal(promote.status, 2, promote.stderr);
    assert.match(promote.stderr, /^mlpipe: .*mlpipe\.db: this user cannot write the tracking database or its folder/);

    assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file beside the store');
    assert.ok(readFileSync(join(store, 'mlpipe.db')).equals(before), 'reading changed the store');

    // The database read-only in a folder anyone may write: SQLite opening it would leave a -wal
    // and -shm of this user's beside it, which the owner's writes then could not use.
    chmodSync(store, 0o777);
    const again = mlpipe('runs', '--json');
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file beside the store');
  } finally {
    setWritable(store, true);
    rmSync(dir, { recursive: true, force: true });
  }
});
