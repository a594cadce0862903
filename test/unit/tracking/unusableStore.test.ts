import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unusableStore, writeIgnoreFile } from '../../../server/backend/tracking/database.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-unusable-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The error SQLite itself raises for `f` (a real one: the tests run as root, which permissions do not stop). */
function sqliteError(f: (db: Database.Database) => void, file: string, options?: Database.Options): unknown {
  const db = new Database(file, options);
  try {
    f(db);
  } catch (e) {
    return e;
  } finally {
    db.close();
  }
  throw new Error('SQLite raised nothing');
}

test('a store this user cannot write is said to be so, not damaged', () => {
  const file = join(dir, 'ro.db');
  new Database(file).exec('CREATE TABLE t (x)').close();
  const e = sqliteError((db) => db.exec('INSERT INTO t VALUES (1)'), file, { readonly: true });
  assert.match((e as { code: string }).code, /^SQLITE_READONLY/);
  const message = unusableStore(e, file)!.message;
  assert.match(message, /this user cannot write the tracking database or its folder/);
  assert.doesNotMatch(message, /damaged/);
});

test('a file that is not SQLite is still called damaged; other errors are not the store\'s', () => {
  const file = join(dir, 'garbage.db');
  writeFileSync(file, 'not a database at all, just text '.repeat(100));
  const e = sqliteError((db) => db.pragma('user_version'), file);
  assert.match(unusableStore(e, file)!.message, /not an mlpipe tracking database, or damaged/);
  assert.equal(unusableStore(new TypeError('x'), file), undefined);
});

test('a store on a read-only file system says so, not that permissions or the owner are wrong', () => {
  const file = join(dir, 'mounted.db');
  new Database(file).exec('CREATE TABLE t (x)').close();
  const e = sqliteError((db) => db.exec('INSERT INTO t VALUES (1)'), file, { readonly: true });
  // What access(2) answers for a folder on a read-only mount, root included.
  const message = unusableStore(e, file, (d) => (d === dir ? 'EROFS' : undefined))!.message;
  assert.match(message, /the tracking database is on a read-only file system \(.*\): this command writes to the store/);
  assert.doesNotMatch(message, /permissions|owner|damaged/);
  assert.match(message, /the file was left untouched$/);
});

test('a store on a full disk says so, not that it is damaged', () => {
  const file = join(dir, 'full.db');
  new Database(file).exec('CREATE TABLE t (x)').close();
  // SQLite's own SQLITE_FULL: the database may not grow past the pages it has.
  const e = sqliteError((db) => {
    db.pragma('max_page_count = 2');
    db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
  }, file);
  assert.equal((e as { code: string }).code, 'SQLITE_FULL');
  const message = unusableStore(e, file)!.message;
  assert.match(message, /no space left for the tracking database \(.*\): free space on its disk and run the command again; the file was left untouched$/);
  assert.doesNotMatch(message, /damaged|not an mlpipe/);
});

test('a store whose -shm file cannot grow on a full disk says no space, not damaged', () => {
  // What opening the store raises on a disk with no room left (seen on a full tmpfs): SQLite maps
  // the -shm file before reading anything, and reports the failed write as "disk I/O error".
  const e = Object.assign(new Error('disk I/O error'), { name: 'SqliteError', code: 'SQLITE_IOERR_SHMSIZE' });
  const message = unusableStore(e, join(dir, 'shm.db'))!.message;
  assert.match(message, /no space left for the tracking database \(disk I\/O error\): free space on its disk and run the command again/);
  assert.doesNotMatch(message, /damaged|not an mlpipe/);
});

test('a .gitignore the disk had no room for is not left empty: the next open writes it', () => {
  const folder = join(dir, 'ignore-full');
  mkdirSync(folder);
  const file = join(folder, '.gitignore');
  // What a full disk does: the file is created, its bytes are refused.
  const full = (f: string) => {
    writeFileSync(f, '');
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
  };
  assert.throws(() => writeIgnoreFile(folder, full), { name: 'StoreUnusableError', message: `run store folder ${folder}: cannot write ${file}: no space left on the device` });
  assert.equal(existsSync(file), false);
  writeIgnoreFile(folder);
  assert.match(readFileSync(file, 'utf8'), /^\*$/m);
});
