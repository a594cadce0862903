import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { damagedTable } from './damagedTable.js';
import { StoreNotWritableError, StoreUnusableError } from './errors.js';
import { ensureFolder, reason } from './folders.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError } from './migrations.js';
import { isNoSpaceCode } from './noSpace.js';
import { DB_DIR, DB_FILE } from './storePaths.js';

export { DB_DIR, DB_FILE };

/** Sleeps the thread without burning it; used only to retry a lock at open time. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (code?.startsWith('SQLITE_BUSY_') ?? false);
}

/** Per schema version: table name to column names, as the migrations make them (built in memory, once). */
const shapes = new Map<number, Map<string, string[]>>();

function shapeOf(db: Database.Database): Map<string, string[]> {
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all();
  return new Map(tables.map((t) => [t.name, (db.pragma(`table_info(${JSON.stringify(t.name)})`) as Array<{ name: string }>).map((c) => c.name)]));
}

function shapeAt(version: number): Map<string, string[]> {
  let shape = shapes.get(version);
  if (!shape) {
    const mem = new Database(':memory:');
    for (const m of MIGRATIONS) if (m.version <= version) mem.exec(m.sql);
    shape = shapeOf(mem);
    mem.close();
    shapes.set(version, shape);
  }
  return shape;
}

/**
 * Refuses, before anything is written, a file that is not this store: a newer schema, or
 * tables that are not the ones the migrations made (someone else's SQLite file). Switching
 * to WAL rewrites the header, so this runs first.
 */
function assertOurs(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new SchemaTooNewError(file, version, SCHEMA_VERSION);
  const found = shapeOf(db);
  if (version === 0 && found.size === 0) return; // a fresh file
  compare(found, shapeAt(version), file);
}

/**
 * Tables too large to walk on every open: per-epoch metric points (millions in a big store, a
 * second or so to check at 80 MiB). Their damage is met, as SQLITE_CORRUPT, when a run's points
 * are read; every other table holds a row per run, version or stage change.
 */
const UNCHECKED_TABLES = new Set(['metrics']);

/**
 * Refuses a store whose pages are damaged where SQLite does not stumble on them when it opens:
 * a scrambled index page makes a join find no rows and say nothing (`mlpipe models` listed one
 * version of three, exit 0, and `promote` wrote into it). `quick_check` of a table walks that
 * table and its indexes only, so the cost follows the runs and versions, not the metric points.
 */
function assertSound(db: Database.Database, file: string): void {
  const damage = damagedTable(db, UNCHECKED_TABLES);
  if (damage)
    throw new StoreUnusableError(
      `${file}: damaged (SQLite's check of table '${damage.table}': ${damage.problem}): restore it from a backup, or rebuild it with sqlite3's '.recover'; the file was left untouched`,
    );
}

function compare(found: Map<string, string[]>, expected: Map<string, string[]>, file: string): void {
  for (const [table, columns] of expected) {
    const have = found.get(table);
    const missing = have ? columns.filter((c) => !have.includes(c)) : [];
    if (!have || missing.length)
      throw new StoreUnusableError(
        `${file}: not an mlpipe tracking database (${have ? `its table '${table}' lacks the column '${missing[0]}'` : `no table '${table}'`}); the file was left untouched`,
      );
  }
}

function configure(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Switching a fresh file to WAL needs an exclusive lock, and SQLite does not run the
  // busy handler for it: retry while another process is opening the same file.
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      break;
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      pause(5 + Math.random() * 20);
    }
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/**
 * Opens (creating if needed) `<root>/.mlpipe/mlpipe.db` at the current schema. Anything that
 * makes the file unusable (a missing root, a folder that cannot be made, a file that is not
 * SQLite or not mlpipe's, a newer schema) is one StoreUnusableError naming the file; a busy
 * lock past the timeout is left as SQLite's error for the caller to retry.
 */
/**
 * Writes the store folder's `.gitignore` once: runs and weights are local state, not source, so
 * they stay out of the user's commits. A write that fails (a full disk) leaves no file: an empty
 * one, which is what the failed write left, was taken as written ever after, and the whole store
 * showed up in `git status` to be committed.
 */
export function writeIgnoreFile(dir: string, write: (file: string, text: string) => void = writeFileSync): void {
  const ignore = join(dir, '.gitignore');
  if (existsSync(ignore)) return;
  try {
    write(ignore, '# created by mlpipe: run tracking state\n*\n');
  } catch (e) {
    try {
      rmSync(ignore, { force: true });
    } catch {
      // A folder this process cannot change: there is no half-written file in it either.
    }
    const code = (e as NodeJS.ErrnoException).code;
    const refused = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
    throw new (refused ? StoreNotWritableError : StoreUnusableError)(`run store folder ${dir}: cannot write ${ignore}: ${reason(e)}`);
  }
}

/**
 * Whether `root` has a run store yet. Commands that only read (`mlpipe runs`, `mlpipe models`)
 * ask first: opening makes the folder and the database, so listing from a folder with no
 * project (`cd /tmp && mlpipe runs`) left a `.mlpipe/` behind to say there was nothing.
 * A file where the store's folder belongs is refused, as opening the store refuses it: it is
 * not "no runs" (`mlpipe runs` said "no runs yet in ./.mlpipe", and `mlpipe run` then failed).
 */
export function storeExists(root: string): boolean {
  const dir = join(root, DB_DIR);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new StoreUnusableError(`run store folder ${dir}: exists and is not a folder`);
  return existsSync(join(dir, DB_FILE));
}

export function openDatabase(root: string, busyTimeoutMs: number): { db: Database.Database; file: string } {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new StoreUnusableError(`${root}: project folder does not exist`);
  const dir = ensureFolder(join(root, DB_DIR), 'run store folder');
  const file = join(dir, DB_FILE);
  writeIgnoreFile(dir);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new StoreUnusableError(`${file}: cannot open the tracking database (${(e as Error).message})`);
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    assertOurs(db, file);
    assertSound(db, file);
    configure(db, busyTimeoutMs);
    migrate(db, file);
  } catch (e) {
    db.close();
    if (e instanceof StoreUnusableError || isBusy(e)) throw e;
    const unusable = unusableStore(e, file);
    if (unusable) throw unusable;
    throw e;
  }
  return { db, file };
}

/** SQLite's errors for a file or folder this process may not write (or make a file in): the store's and the prediction log's. */
export function refusedToWrite(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM');
}

/**
 * What an SQLite error while opening or preparing the store means for the user, or undefined
 * when it is not SQLite's. A store this user may not write is not a damaged one: saying
 * "damaged" sent people to delete a good database.
 */
export function unusableStore(e: unknown, file: string, folderWriteError: (dir: string) => string | undefined = writeErrorOf): StoreUnusableError | undefined {
  const code = (e as { code?: string }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (refusedToWrite(e)) {
    // A read-only mount (a CI artifact, a container volume) stops root too: permissions are not the cause there.
    if (folderWriteError(dirname(file)) === 'EROFS')
      return new StoreNotWritableError(
        `${file}: the tracking database is on a read-only file system (${(e as Error).message}): this command writes to the store, so mount it writable or copy the project; the file was left untouched`,
      );
    return new StoreNotWritableError(`${file}: this user cannot write the tracking database or its folder (${(e as Error).message}): fix the permissions or run as its owner; the file was left untouched`);
  }
  // A full disk is no damage either: "damaged" sent people to delete a good database there too.
  if (isNoSpaceCode(code))
    return new StoreUnusableError(`${file}: no space left for the tracking database (${(e as Error).message}): free space on its disk and run the command again; the file was left untouched`);
  return new StoreUnusableError(`${file}: not an mlpipe tracking database, or damaged (${(e as Error).message}); the file was left untouched`);
}

/**
 * Whether this process may write the store at `root` (its folder and its database file, where
 * there is one): a caller that only reads then opens it read-only at once, since a refused
 * writable open has already made its -wal and -shm.
 */
export function storeWritable(root: string): boolean {
  return fileWritable(join(root, DB_DIR, DB_FILE));
}

/** Whether this process may write `file` (where there is one) and the folder that holds it. */
export function fileWritable(file: string): boolean {
  return writeErrorOf(dirname(file)) === undefined && (!existsSync(file) || writeErrorOf(file) === undefined);
}

/** The errno code that stops this process writing in `dir`, or undefined when it may write there. */
function writeErrorOf(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
}

/**
 * Opens an existing store read-only, for a command that only reads (`mlpipe runs`, `models`)
 * where this user may not write it (`StoreNotWritableError`): a store copied from a CI artifact,
 * a read-only mount, another user's project. Nothing is written: no recovery, no migration, no
 * WAL switch. SQLite cannot open a WAL database read-only where it may not make the `-shm` file
 * beside it; with no `-wal` file there (every change is in the database file), the file's bytes
 * are read into memory instead. A store at an older schema cannot be read without migrating it,
 * which writes: refused, saying so.
 */
export function openDatabaseToRead(root: string, busyTimeoutMs: number): { db: Database.Database; file: string } {
  const file = join(root, DB_DIR, DB_FILE);
  const db = openFileToRead(file, busyTimeoutMs, 'the tracking database', (e) => unusableStore(e, file));
  try {
    assertOurs(db, file);
    assertSound(db, file);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < SCHEMA_VERSION)
      throw new StoreNotWritableError(
        `${file}: the tracking database was written by an older mlpipe (schema version ${version}, this one reads ${SCHEMA_VERSION}) and upgrading it writes to it, which this user cannot: run mlpipe once where it may write the store, or copy the project; the file was left untouched`,
      );
  } catch (e) {
    db.close();
    if (e instanceof StoreUnusableError) throw e;
    throw unusableStore(e, file) ?? e;
  }
  return { db, file };
}

/**
 * Opens an existing SQLite file (the run store, the prediction log) read-only, writing nothing
 * beside it: SQLite cannot open a WAL database read-only where it may not make the `-shm` file
 * beside it, so with no `-wal` file there (every change is in the database file) the file's
 * bytes are read into memory instead. `what` names the file in a message; `unusable` says what
 * an SQLite error means for it (undefined: not SQLite's).
 */
export function openFileToRead(file: string, busyTimeoutMs: number, what: string, unusable: (e: unknown) => Error | undefined): Database.Database {
  if (!pendingLog(file)) {
    // Every change is in the file: its bytes, read without SQLite opening it, which in a folder
    // this user may write leaves a -wal and -shm of theirs beside another user's file (the owner's
    // later writes then fail on a -shm they may not write).
    return snapshotOf(file, what, unusable);
  }
  // Changes still in the log: only SQLite reads them, through the -shm beside it.
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw unusable(e) ?? e;
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  } catch (e) {
    db.close();
    throw unusable(e) ?? e;
  }
  return db;
}

/** Whether `file`'s write-ahead log holds changes not yet in the file (a reader must see them through SQLite). */
function pendingLog(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** The database file's bytes as a read-only in-memory database. */
function snapshotOf(file: string, what: string, unusable: (e: unknown) => Error | undefined): Database.Database {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new StoreUnusableError(`${file}: cannot read ${what}: ${reason(e)}`);
  }
  // Bytes 18 and 19 say WAL (2); an in-memory database cannot be in WAL mode, so SQLite refuses
  // them there: the copy says rollback journal (1). The file itself is not touched.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  try {
    return new Database(bytes, { readonly: true });
  } catch (e) {
    throw unusable(e) ?? e;
  }
}
