/**
 * The prediction log's file: its schema, its format number (SQLite's user_version) and the
 * in-place migration of older formats. Opening checks the format before anything is written,
 * so a log from a newer mlpipe is refused with one line and left as it was.
 *
 * Format 3: a prediction row (`logged`) names who served it by a key into `served` (pipeline,
 * model, version, each stored once) and its drift values as a float32 blob of codes read by its
 * layout's categories; `predictions` is a view that gives every row its names back, as the
 * table of formats 1 and 2 did, so readers query it unchanged. Format 4: a finite number answer
 * is a 4- or 8-byte blob instead of its JSON text (rows of format 3 keep their text and read the same).
 * Format 5: an alert names the server process that recorded it or last set its action (`server`,
 * a liveness `Owner` as JSON), so a report read without that server can tell a retrain whose
 * server died before the retrain made its run from one still starting (older alerts: unknown).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileWritable, openFileToRead, refusedToWrite } from '../tracking/database.js';
import { damagedTable } from '../tracking/damagedTable.js';
import { StoreNotWritableError, StoreUnusableError } from '../tracking/errors.js';
import { ServeError } from './serveError.js';

export const LOG_FILE = 'predictions.db';

/** The log format this code writes; older files are migrated in place. */
export const LOG_FORMAT = 5;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS served (
    id       INTEGER PRIMARY KEY,
    pipeline TEXT NOT NULL,
    model    TEXT NOT NULL,
    version  INTEGER NOT NULL,
    UNIQUE (pipeline, model, version)
  );
  CREATE TABLE IF NOT EXISTS logged (
    seq        INTEGER PRIMARY KEY,       -- cursor for paging, in write order
    id         TEXT NOT NULL,             -- what clients get back, for feedback
    ts         INTEGER NOT NULL,          -- ms since epoch
    served     INTEGER NOT NULL,          -- served.id
    inputs     TEXT NOT NULL,             -- the request row as received (JSON; an array in the layout's order)
    features   NOT NULL,                  -- BLOB: float32 codes (layout with categories); TEXT: JSON values
    prediction TEXT NOT NULL,             -- what the API answered: JSON text, or (format 4) a finite number as a float32/float64 BLOB
    latency_us INTEGER NOT NULL,
    layout     INTEGER                    -- layouts.id; NULL: inputs and features are keyed JSON objects
  );
  CREATE TABLE IF NOT EXISTS layouts (
    id         INTEGER PRIMARY KEY,
    features   TEXT NOT NULL,             -- JSON array of the feature names, in the order of logged.features
    inputs     TEXT NOT NULL,             -- JSON array of the request's field names, in the order of logged.inputs
    categories TEXT,                      -- JSON array, per feature its categories or null; NULL: features is JSON text
    UNIQUE (features, inputs, categories)
  );
  CREATE UNIQUE INDEX IF NOT EXISTS logged_id ON logged(id);
  CREATE INDEX IF NOT EXISTS logged_ts ON logged(ts);
  CREATE INDEX IF NOT EXISTS logged_served ON logged(served, seq);
  CREATE VIEW IF NOT EXISTS predictions AS
    SELECT l.seq, l.id, l.ts, s.pipeline, s.model, s.version, l.inputs, l.features, l.prediction, l.latency_us, l.layout
    FROM logged l JOIN served s ON s.id = l.served;
  -- An mlpipe serve of format 1 or 2, started before the upgrade and still running when a newer
  -- command migrated its log, keeps preparing 'INSERT INTO predictions' and its retention's
  -- 'DELETE FROM predictions': these triggers land both in the new tables, so that server's
  -- predictions are kept instead of failing, unseen, at every flush.
  CREATE TRIGGER IF NOT EXISTS predictions_insert INSTEAD OF INSERT ON predictions BEGIN
    INSERT OR IGNORE INTO served (pipeline, model, version) VALUES (NEW.pipeline, NEW.model, NEW.version);
    INSERT INTO logged (id, ts, served, inputs, features, prediction, latency_us, layout)
      VALUES (NEW.id, NEW.ts, (SELECT id FROM served WHERE pipeline = NEW.pipeline AND model = NEW.model AND version = NEW.version),
              NEW.inputs, NEW.features, NEW.prediction, NEW.latency_us, NEW.layout);
  END;
  CREATE TRIGGER IF NOT EXISTS predictions_delete INSTEAD OF DELETE ON predictions BEGIN
    DELETE FROM logged WHERE seq = OLD.seq;
  END;
  CREATE TABLE IF NOT EXISTS feedback (
    prediction_id TEXT PRIMARY KEY,
    label         TEXT NOT NULL,
    ts            INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS alerts (
    id        INTEGER PRIMARY KEY,
    ts        INTEGER NOT NULL,
    pipeline  TEXT NOT NULL,
    target    TEXT NOT NULL,
    statistic TEXT NOT NULL,
    value     REAL NOT NULL,
    threshold REAL NOT NULL,
    window    INTEGER NOT NULL,
    model     TEXT NOT NULL,
    version   INTEGER NOT NULL,
    action    TEXT,
    server    TEXT
  );
  CREATE INDEX IF NOT EXISTS alerts_by_pipeline ON alerts(pipeline, id);
`;

export function logPath(root: string): string {
  return join(root, '.mlpipe', LOG_FILE);
}

export function openDb(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  return db;
}

const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all().some((c) => c.name === column);

/**
 * Format 4 only adds number answers stored as blobs (an older mlpipe would read them as JSON
 * text, hence the new number); a format-3 file needs no change. Formats 1 (keyed JSON, no layouts) and 2 (layouts, names repeated per row) to 3: the rows
 * move into `logged` with a key into `served`, their values unchanged (JSON text, read as
 * before). Runs inside the caller's transaction.
 */
function migrate(db: Database.Database): void {
  const kind = db.prepare<[], { type: string }>("SELECT type FROM sqlite_master WHERE name = 'predictions'").get()?.type;
  if (kind !== 'table') return; // a new file
  if (!hasColumn(db, 'predictions', 'layout')) db.exec('ALTER TABLE predictions ADD COLUMN layout INTEGER');
  const oldLayouts = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layouts'").get() !== undefined;
  if (oldLayouts) db.exec('ALTER TABLE layouts RENAME TO layouts_v2');
  for (const index of ['predictions_id', 'predictions_ts', 'predictions_model']) db.exec(`DROP INDEX IF EXISTS ${index}`);
  db.exec(SCHEMA.slice(0, SCHEMA.indexOf('CREATE UNIQUE INDEX')));
  if (oldLayouts) {
    db.exec('INSERT INTO layouts (id, features, inputs, categories) SELECT id, features, inputs, NULL FROM layouts_v2');
    db.exec('DROP TABLE layouts_v2');
  }
  db.exec(`
    INSERT OR IGNORE INTO served (pipeline, model, version) SELECT pipeline, model, version FROM predictions GROUP BY pipeline, model, version ORDER BY min(seq);
    INSERT INTO logged (seq, id, ts, served, inputs, features, prediction, latency_us, layout)
      SELECT p.seq, p.id, p.ts, s.id, p.inputs, p.features, p.prediction, p.latency_us, p.layout
      FROM predictions p JOIN served s ON s.pipeline = p.pipeline AND s.model = p.model AND s.version = p.version ORDER BY p.seq;
    DROP TABLE predictions;
  `);
}

/** Opens (creating or migrating if needed) the log database; returns a writer connection. */
export function openLogDb(root: string): Database.Database {
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  refuseNonFile(root);
  const db = openDb(logPath(root), false);
  try {
    return prepareLog(db, root);
  } catch (e) {
    if (db.open) db.close();
    throw damagedLog(e, root) ?? e;
  }
}

/**
 * A folder (or a pipe, a device) where the log belongs: said so, as `storeExists` says of the
 * store's folder. SQLite's "unable to open database file" was read as the run store's fault.
 */
function refuseNonFile(root: string): void {
  const file = logPath(root);
  let isFile = true;
  try {
    isFile = statSync(file).isFile();
  } catch {
    return; // not there: made (a writer) or read as empty (a reader)
  }
  if (!isFile) throw new StoreUnusableError(`${file}: the prediction log's place holds something that is not a file: move it away to start a new log`);
}

/** A log that is no SQLite database, or a damaged one, named as a damaged run store is. */
function damagedLog(e: unknown, root: string): StoreUnusableError | undefined {
  const code = (e as { code?: unknown }).code;
  // Named, as a damaged run store is: "the run store cannot be used" sent people to mlpipe.db.
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreUnusableError(`${logPath(root)}: the prediction log is not a database, or damaged (${(e as Error).message}): move it away to start a new log; the file was left untouched`);
  return undefined;
}

/**
 * A connection that reads a log this user may write (a server's reader, `mlpipe drift`), made and
 * migrated first: read-write but refusing every change (`query_only`), not read-only, because
 * SQLite removes the `-wal` and `-shm` files beside the log only when the last connection to
 * close may write; a read-only one closing last left both behind in `.mlpipe/`.
 */
export function openLogQueryOnly(root: string): Database.Database {
  const db = openLogDb(root);
  db.pragma('query_only = true');
  return db;
}

/**
 * A connection for a command that only reads the log (`mlpipe drift`, `parity`, the editor's
 * Drift panel), creating nothing: a project never served has no log, read as an empty one (no
 * predictions yet), and left without one. A log this user may not write (a CI artifact, another
 * user's project, a read-only mount) is read read-only, as the run store is, writing nothing
 * beside it; one this user may write is migrated first, as a server would.
 */
export function openLogToRead(root: string): Database.Database {
  const file = logPath(root);
  if (!existsSync(file)) return emptyLog();
  refuseNonFile(root);
  if (fileWritable(file)) {
    try {
      return openLogQueryOnly(root); // migrates an older format in place
    } catch (e) {
      // Refused for a cause access(2) does not tell (a read-only mount seen as writable by root).
      if (!refusedToWrite(e)) throw e;
    }
  }
  const db = openFileToRead(file, 5000, 'the prediction log', (e) => damagedLog(e, root) ?? unreadableLog(e, root));
  try {
    const format = db.pragma('user_version', { simple: true }) as number;
    if (format > LOG_FORMAT) throw newerLog(root, format);
    assertLogSound(db, root);
    // Formats 3 and 4 read as 5 (4 only adds blobs the reader knows, 5 an alert column read as
    // unknown when absent); 1 and 2 need the migration.
    if (format < 3) {
      const empty = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'predictions'").get() === undefined;
      if (!empty)
        throw new StoreNotWritableError(
          `${file}: the prediction log was written by an older mlpipe (log format ${format}, this one reads ${LOG_FORMAT}) and upgrading it writes to it, which this user cannot: run mlpipe once where it may write the log, or copy the project; the file was left untouched`,
        );
      db.close();
      return emptyLog();
    }
    return db;
  } catch (e) {
    if (db.open) db.close();
    throw damagedLog(e, root) ?? unreadableLog(e, root) ?? e;
  }
}

/**
 * A log SQLite may not open read-only: changes still in its `-wal` are read only through a `-shm`
 * file beside it, which this user may not make (a crashed server's log, copied without its
 * `-shm`). Said so: SQLite's "unable to open database file" was read as the run store's fault.
 */
function unreadableLog(e: unknown, root: string): StoreNotWritableError | undefined {
  if (!refusedToWrite(e)) return undefined;
  return new StoreNotWritableError(
    `${logPath(root)}: the prediction log has changes in its -wal file that SQLite reads only through a -shm file beside it, which this user cannot make (${(e as Error).message}): run the command as the log's owner, or copy the project; the file was left untouched`,
  );
}

/** An empty log in memory, at this format: what a project never served holds. */
function emptyLog(): Database.Database {
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  db.pragma(`user_version = ${LOG_FORMAT}`);
  return db;
}

/**
 * The tables whose rows follow the predictions (one per prediction or label: 0.3-0.4 s of CPU to
 * check `logged` at a million predictions); their damage is met as SQLITE_CORRUPT when read, and
 * named by `damagedLog`.
 */
const UNCHECKED_LOG_TABLES = new Set(['logged', 'feedback']);

/**
 * Refuses a log whose small tables are damaged where SQLite does not stumble on them (a scrambled
 * page of `served`'s index: a server's version found no row and every prediction of it was lost
 * to the report), as the run store refuses one, before anything is written to it.
 */
function assertLogSound(db: Database.Database, root: string): void {
  const damage = damagedTable(db, UNCHECKED_LOG_TABLES);
  if (damage)
    throw new StoreUnusableError(
      `${logPath(root)}: the prediction log is damaged (SQLite's check of table '${damage.table}': ${damage.problem}): move it away to start a new log; the file was left untouched`,
    );
}

function newerLog(root: string, format: number): ServeError {
  // A ServeError: the CLI reports it as one line about the user's file, not as a bug.
  return new ServeError(`${logPath(root)} was written by a newer mlpipe (log format ${format}, this one reads up to ${LOG_FORMAT}): upgrade mlpipe, or move the file away to start a new log`);
}

function prepareLog(db: Database.Database, root: string): Database.Database {
  // Checked before anything is written to the file.
  const format = db.pragma('user_version', { simple: true }) as number;
  if (format > LOG_FORMAT) {
    db.close();
    throw newerLog(root, format);
  }
  assertLogSound(db, root);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (format < LOG_FORMAT) {
    // One transaction: a kill during the migration leaves the old format, never a mix.
    db.transaction(() => {
      migrate(db);
      db.exec(SCHEMA);
      // Format 5's column, on an alerts table an older format made (CREATE … IF NOT EXISTS kept it).
      if (!hasColumn(db, 'alerts', 'server')) db.exec('ALTER TABLE alerts ADD COLUMN server TEXT');
      db.pragma(`user_version = ${LOG_FORMAT}`);
    })();
  }
  return db;
}
