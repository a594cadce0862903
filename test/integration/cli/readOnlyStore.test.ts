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
import Database from 'better-sqlite3';
import { PredictionLog } from '../../../server/backend/serve/log.js';
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

/**
 * `mlpipe drift` and `parity` only read the run store and the prediction log: on a project this
 * user may not write they read both read-only, and a project never served gets no log made for
 * it. Both failed ("this user cannot write the tracking database"), as loading the served model
 * opened the store to write and the log reader created and migrated the log first.
 */
test('drift and parity read a store and log this user may not write, writing nothing', { timeout: 120_000 }, () => {
  const dir = tinyProject('mlpipe-readonly-log-');
  const store = join(dir, '.mlpipe');
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    writeFileSync(join(dir, 'p.mlpipe'), `pipeline ro\n\n${TINY_BLOCKS}\n${tinyRegistering({ stage: 'production' })}\nserve {\n  model = a_model@production\n}\n`);
    const run = cli(['run', 'p.mlpipe', '--json'], { cwd: dir, env: { MLPIPE_HOME: '' } });
    assert.equal(run.code, 0, run.stderr);
    chmodSync(dir, 0o755); // mkdtemp's 0700 would keep another user out of the project itself
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const mlpipe = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', MLPIPE_HOME: '' }, encoding: 'utf8', ...as });
    const readBoth = (rows: number) => {
      const files = readdirSync(store).sort();
      const before = new Map(files.map((f) => [f, statSync(join(store, f)).isFile() ? readFileSync(join(store, f)) : null]));
      setWritable(store, false);
      try {
        const drift = mlpipe('drift', 'p.mlpipe', '--json');
        assert.equal(drift.status, 0, drift.stderr);
        assert.equal((JSON.parse(drift.stdout) as { filled: number }).filled, rows);
        const parity = mlpipe('parity', 'p.mlpipe', '--json');
        assert.equal(parity.stderr, '');
        assert.equal((JSON.parse(parity.stdout) as { rows: number }).rows, rows);
        // Batch scoring reads the store only too (the scores go to stdout: the project is not this user's).
        const score = mlpipe('score', 'p.mlpipe', '--input', 'data/t.csv', '--output', '-');
        assert.equal(score.status, 0, score.stderr);
        assert.equal(score.stdout.trim().split('\n').length, 41);
        // The folder writable by anyone: SQLite opening the log would leave a -wal and -shm there.
        chmodSync(store, 0o777);
        const again = mlpipe('drift', 'p.mlpipe');
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stdout, rows === 0 ? /no predictions logged for this model version yet/ : new RegExp(`: ${rows} of 1000 predictions`));
        assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file in the store folder');
        for (const [f, bytes] of before) if (bytes) assert.ok(readFileSync(join(store, f)).equals(bytes), `reading changed ${f}`);
      } finally {
        setWritable(store, true);
      }
    };
    // Never served: no log, read as no predictions yet.
    readBoth(0);
    // Served: a log with predictions.
    const log = new PredictionLog(dir);
    for (let i = 0; i < 3; i++)
      log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'ro', model: 'a_model', version: 1, inputs: { id: i, x: i / 4 }, features: { fx: i / 4 }, prediction: 0.5, latencyUs: 100 });
    log.close();
    readBoth(3);

    // A log of format 1 needs migrating, which writes: refused as the store's older schema is (exit 2).
    rmSync(join(store, 'predictions.db'));
    const old = new Database(join(store, 'predictions.db'));
    old.exec(`CREATE TABLE predictions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, ts INTEGER NOT NULL, pipeline TEXT NOT NULL, model TEXT NOT NULL,
      version INTEGER NOT NULL, inputs TEXT NOT NULL, features TEXT NOT NULL, prediction TEXT NOT NULL, latency_us INTEGER NOT NULL)`);
    old.close();
    const bytes = readFileSync(join(store, 'predictions.db'));
    setWritable(store, false);
    const drift = mlpipe('drift', 'p.mlpipe');
    assert.equal(drift.status, 2, drift.stderr);
    assert.match(drift.stderr, /^mlpipe: .*predictions\.db: the prediction log was written by an older mlpipe \(log format 0, this one reads \d+\) and upgrading it writes to it/);
    assert.ok(readFileSync(join(store, 'predictions.db')).equals(bytes), 'reading changed the log');
    setWritable(store, true);

    // A server killed with predictions still in the -wal, copied without its -shm: SQLite reads them
    // only through a -shm it must make, which this user cannot; said so (it blamed the run store).
    for (const f of readdirSync(store)) if (f.startsWith('predictions.db')) rmSync(join(store, f));
    const live = new PredictionLog(dir);
    live.push({ id: live.nextId(), ts: Date.now(), pipeline: 'ro', model: 'a_model', version: 1, inputs: { id: 1, x: 0.5 }, features: { fx: 0.5 }, prediction: 0.5, latencyUs: 100 });
    live.flush();
    const crashed = ['predictions.db', 'predictions.db-wal'].map((f) => [f, readFileSync(join(store, f))] as const);
    live.close();
    for (const [f, b] of crashed) writeFileSync(join(store, f), b);
    rmSync(join(store, 'predictions.db-shm'), { force: true });
    assert.ok(statSync(join(store, 'predictions.db-wal')).size > 0);
    const files = readdirSync(store).sort();
    setWritable(store, false);
    const pending = mlpipe('drift', 'p.mlpipe');
    assert.equal(pending.status, 2, pending.stderr);
    assert.match(pending.stderr, /^mlpipe: .*predictions\.db: the prediction log has changes in its -wal file that SQLite reads only through a -shm file beside it, which this user cannot make/);
    assert.deepEqual(readdirSync(store).sort(), files, 'reading left a file in the store folder');
  } finally {
    setWritable(store, true);
    rmSync(dir, { recursive: true, force: true });
  }
});
