/**
 * The prediction log: `<root>/.mlpipe/predictions.db` (SQLite, WAL), apart from the run store
 * so serving traffic never contends with training's writes.
 *
 * Requests only push onto a bounded in-memory queue; a flush writes the queue in one
 * transaction after the responses have gone out. When the queue is full a prediction is
 * dropped and counted rather than slowing the request. A committed batch survives `kill -9`
 * (WAL); what was still queued is lost, and the file is never left half-written.
 * Drift and paging read through their own connection, so a reader never blocks the writer.
 *
 * Size: a row's feature values and request fields are JSON arrays in the order of a layout
 * (the names, stored once in `layouts`), not keyed objects; a row with `layout` NULL holds
 * keyed objects, as logs written before layouts do, and reads the same. JSON numbers
 * round-trip exactly, so drift and parity read what serving computed, bit for bit.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MonitoredValue } from '../monitor/values.js';

export const LOG_FILE = 'predictions.db';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS predictions (
    seq        INTEGER PRIMARY KEY,       -- cursor for paging, in write order
    id         TEXT NOT NULL,             -- what clients get back, for feedback
    ts         INTEGER NOT NULL,          -- ms since epoch
    pipeline   TEXT NOT NULL,
    model      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    inputs     TEXT NOT NULL,             -- the request row as received (JSON)
    features   TEXT NOT NULL,             -- monitored feature values by name (JSON)
    prediction TEXT NOT NULL,             -- what the API answered (JSON)
    latency_us INTEGER NOT NULL,
    layout     INTEGER                    -- layouts.id: inputs and features are arrays in its order; NULL: keyed objects
  );
  CREATE TABLE IF NOT EXISTS layouts (
    id       INTEGER PRIMARY KEY,
    features TEXT NOT NULL,               -- JSON array of the feature names, in the order of predictions.features
    inputs   TEXT NOT NULL,               -- JSON array of the request's field names, in the order of predictions.inputs
    UNIQUE (features, inputs)
  );
  CREATE UNIQUE INDEX IF NOT EXISTS predictions_id ON predictions(id);
  CREATE INDEX IF NOT EXISTS predictions_ts ON predictions(ts);
  CREATE INDEX IF NOT EXISTS predictions_model ON predictions(model, version, seq);
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
    action    TEXT
  );
  CREATE INDEX IF NOT EXISTS alerts_by_pipeline ON alerts(pipeline, id);
`;

export interface LogEntry {
  id: string;
  ts: number;
  pipeline: string;
  model: string;
  version: number;
  inputs: unknown;
  features: Record<string, MonitoredValue>;
  prediction: unknown;
  latencyUs: number;
}

export interface LoggedRow extends LogEntry {
  seq: number;
  /** The prediction as drift reads it: the number, or a multiclass answer's label. */
  predicted: MonitoredValue;
}

function predictedOf(prediction: unknown): MonitoredValue {
  if (typeof prediction === 'number') return prediction;
  if (prediction && typeof prediction === 'object' && 'label' in prediction) return String((prediction as { label: unknown }).label);
  return null;
}

export interface LogOptions {
  /** Most predictions waiting to be written; beyond it they are dropped and counted (default 50,000). */
  queueCapacity?: number;
  /** Rows per write transaction (default 1,000). */
  batchSize?: number;
  /** Longest a prediction waits in the queue, ms (default 50). */
  flushMs?: number;
  /** Predictions older than this many days are deleted as the log is written (default: kept). */
  retentionDays?: number;
}

/** The log format this code writes (SQLite's user_version); older files are migrated in place. */
export const LOG_FORMAT = 2;
/** Distinct layouts a writer creates before it writes keyed objects instead (clients sending random key orders). */
const MAX_LAYOUTS = 1000;

export function logPath(root: string): string {
  return join(root, '.mlpipe', LOG_FILE);
}

function open(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Opens (creating if needed) the log database and its schema; returns a writer connection. */
export function openLogDb(root: string): Database.Database {
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  const db = open(logPath(root), false);
  // Checked before anything is written to the file.
  const format = db.pragma('user_version', { simple: true }) as number;
  if (format > LOG_FORMAT) {
    db.close();
    throw new Error(`${logPath(root)} was written by a newer mlpipe (log format ${format}, this one reads up to ${LOG_FORMAT}): upgrade mlpipe, or move the file away to start a new log`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Format 1 (no layouts) migrates by adding the nullable column: its rows stay as they are,
  // keyed objects, read as before. One transaction, so a kill leaves format 1 or 2, never half.
  db.transaction(() => {
    db.exec(SCHEMA);
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(predictions)').all();
    if (!columns.some((c) => c.name === 'layout')) db.exec('ALTER TABLE predictions ADD COLUMN layout INTEGER');
    if (format < LOG_FORMAT) db.pragma(`user_version = ${LOG_FORMAT}`);
  })();
  return db;
}

interface Row {
  seq: number;
  id: string;
  ts: number;
  pipeline: string;
  model: string;
  version: number;
  inputs: string;
  features: string;
  prediction: string;
  latency_us: number;
  layout: number | null;
}

interface Layout {
  features: string[];
  inputs: string[];
}

/** Keyed values from an array in a layout's order. */
function keyed(names: readonly string[], values: unknown[]): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (let k = 0; k < names.length; k++) out[names[k]] = values[k];
  return out as Record<string, never>;
}

const toLogged = (r: Row, layout: Layout | undefined): LoggedRow => {
  const prediction = JSON.parse(r.prediction);
  return {
    seq: r.seq,
    id: r.id,
    ts: r.ts,
    pipeline: r.pipeline,
    model: r.model,
    version: r.version,
    // Drift windows do not read the request: they select it as null and skip its parse.
    inputs: r.inputs === null ? null : layout ? keyed(layout.inputs, JSON.parse(r.inputs)) : JSON.parse(r.inputs),
    features: layout ? keyed(layout.features, JSON.parse(r.features)) : JSON.parse(r.features),
    prediction,
    predicted: predictedOf(prediction),
    latencyUs: r.latency_us,
  };
};

/** Read side of the log, on its own connection. */
export class LogReader {
  readonly db: Database.Database;
  private readonly layouts = new Map<number, Layout>();

  constructor(root: string) {
    openLogDb(root).close(); // makes sure the file and schema exist
    this.db = open(logPath(root), true);
  }

  private layout(id: number | null): Layout | undefined {
    if (id === null) return undefined;
    let l = this.layouts.get(id);
    if (!l) {
      const row = this.db.prepare<[number], { features: string; inputs: string }>('SELECT features, inputs FROM layouts WHERE id = ?').get(id);
      if (!row) throw new Error(`the prediction log refers to layout ${id}, which it does not hold: the file is damaged`);
      l = { features: JSON.parse(row.features), inputs: JSON.parse(row.inputs) };
      this.layouts.set(id, l);
    }
    return l;
  }

  private logged(rows: Row[]): LoggedRow[] {
    return rows.map((r) => toLogged(r, this.layout(r.layout)));
  }

  /**
   * The last `n` predictions of a model version (or of every version), oldest first. With
   * `withInputs: false` (drift) the request rows are not read.
   */
  lastWindow(pipeline: string, n: number, model?: { name: string; version: number }, opts: { withInputs?: boolean } = {}): LoggedRow[] {
    const columns = opts.withInputs === false ? 'seq, id, ts, pipeline, model, version, NULL AS inputs, features, prediction, latency_us, layout' : '*';
    const rows = model
      ? this.db
          .prepare<[string, number, number], Row>(`SELECT ${columns} FROM predictions WHERE model = ? AND version = ? ORDER BY seq DESC LIMIT ?`)
          .all(model.name, model.version, n)
      : this.db.prepare<[string, number], Row>(`SELECT ${columns} FROM predictions WHERE pipeline = ? ORDER BY seq DESC LIMIT ?`).all(pipeline, n);
    return this.logged(rows.reverse());
  }

  /** Predictions after the cursor `after` (a `seq`), oldest first; `next` continues. */
  page(opts: { after?: number; limit?: number; model?: string; version?: number; pipeline?: string } = {}): { rows: LoggedRow[]; next: number | null } {
    const limit = Math.max(1, Math.min(opts.limit ?? 1000, 10000));
    const after = opts.after ?? 0;
    const rows =
      opts.model !== undefined && opts.version !== undefined
        ? this.db
            .prepare<[string, number, number, number], Row>('SELECT * FROM predictions WHERE model = ? AND version = ? AND seq > ? ORDER BY seq LIMIT ?')
            .all(opts.model, opts.version, after, limit)
        : opts.pipeline !== undefined
          ? this.db.prepare<[string, number, number], Row>('SELECT * FROM predictions WHERE pipeline = ? AND seq > ? ORDER BY seq LIMIT ?').all(opts.pipeline, after, limit)
          : this.db.prepare<[number, number], Row>('SELECT * FROM predictions WHERE seq > ? ORDER BY seq LIMIT ?').all(after, limit);
    return { rows: this.logged(rows), next: rows.length === limit ? rows[rows.length - 1].seq : null };
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM predictions').get()!.n;
  }

  close(): void {
    this.db.close();
  }
}

/** Write side: the bounded queue and its batched flushes. */
export class PredictionLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly writeBatch: (rows: LogEntry[]) => void;
  private queue: LogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private lastPrune = 0;
  private readonly prefix = Date.now().toString(36) + randomBytes(3).toString('hex');
  private counter = 0;
  private closed = false;
  /** Layout ids by their names, as this writer created or found them. */
  private readonly layoutIds = new Map<string, number>();
  readonly capacity: number;
  readonly batchSize: number;
  readonly flushMs: number;
  dropped = 0;
  written = 0;
  /** Called after each committed batch with the rows written. */
  onWritten: (rows: LogEntry[]) => void = () => undefined;
  /** Why the last failed flush failed. */
  lastError: string | null = null;
  /** Wall time of the last flush, seconds (for the metrics). */
  lastFlushSeconds = 0;

  constructor(
    readonly root: string,
    private readonly options: LogOptions = {},
  ) {
    this.db = openLogDb(root);
    this.capacity = options.queueCapacity ?? 50_000;
    this.batchSize = options.batchSize ?? 1000;
    this.flushMs = options.flushMs ?? 50;
    this.insert = this.db.prepare(
      `INSERT INTO predictions (id, ts, pipeline, model, version, inputs, features, prediction, latency_us, layout)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const findLayout = this.db.prepare<[string, string], { id: number }>('SELECT id FROM layouts WHERE features = ? AND inputs = ?');
    const addLayout = this.db.prepare('INSERT INTO layouts (features, inputs) VALUES (?, ?)');
    /** The layout id of a row's keys (created in the batch's transaction), or null past the cap. */
    const layoutOf = (features: string[], inputs: string[]): number | null => {
      const key = JSON.stringify(features) + '\u0000' + JSON.stringify(inputs);
      const known = this.layoutIds.get(key);
      if (known !== undefined) return known;
      if (this.layoutIds.size >= MAX_LAYOUTS) return null;
      const f = JSON.stringify(features);
      const i = JSON.stringify(inputs);
      const id = findLayout.get(f, i)?.id ?? Number(addLayout.run(f, i).lastInsertRowid);
      this.layoutIds.set(key, id);
      return id;
    };
    this.prune = this.db.prepare('DELETE FROM predictions WHERE ts < ?');
    this.writeBatch = this.db.transaction((rows: LogEntry[]) => {
      try {
        for (const e of rows) {
          const plain = e.inputs !== null && typeof e.inputs === 'object' && !Array.isArray(e.inputs);
          const inputNames = plain ? Object.keys(e.inputs as object) : null;
          const featureNames = Object.keys(e.features);
          const layout = inputNames ? layoutOf(featureNames, inputNames) : null;
          this.insert.run(
            e.id,
            e.ts,
            e.pipeline,
            e.model,
            e.version,
            JSON.stringify(layout === null ? e.inputs : Object.values(e.inputs as object)),
            JSON.stringify(layout === null ? e.features : Object.values(e.features)),
            JSON.stringify(e.prediction),
            e.latencyUs,
            layout,
          );
        }
      } catch (err) {
        // The transaction rolls back, layouts included: forget the ids it handed out.
        this.layoutIds.clear();
        throw err;
      }
    });
  }

  /** A fresh prediction id (unique across restarts and servers: a random prefix per log). */
  nextId(): string {
    return `${this.prefix}-${(++this.counter).toString(36)}`;
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Queues one prediction; false when the queue is full and it was dropped. */
  push(e: LogEntry): boolean {
    if (this.closed || this.queue.length >= this.capacity) {
      this.dropped++;
      return false;
    }
    this.queue.push(e);
    if (this.queue.length >= this.batchSize) {
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
    }
    return true;
  }

  /** Writes everything queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0 || !this.db.open) return;
    const t0 = process.hrtime.bigint();
    const rows = this.queue;
    this.queue = [];
    try {
      for (let i = 0; i < rows.length; i += this.batchSize) this.writeBatch(rows.slice(i, i + this.batchSize));
    } catch (e) {
      // A full disk or a lock held too long must not take the server down: the batch is
      // dropped and counted, like an overflowing queue, and the reason kept for the metrics.
      this.dropped += rows.length;
      this.lastError = e instanceof Error ? e.message : String(e);
      return;
    }
    this.written += rows.length;
    const now = Date.now();
    if (this.options.retentionDays !== undefined && now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      this.prune.run(now - this.options.retentionDays * 86_400_000);
    }
    this.lastFlushSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    try {
      this.onWritten(rows);
    } catch (e) {
      // Monitoring runs from here; its failure must not reach the timer and stop the server.
      this.lastError = `after writing: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Records feedback labels; returns the ids that match no logged prediction. */
  feedback(labels: Array<{ id: string; label: string | number }>): string[] {
    this.flush();
    const known = this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM predictions WHERE id = ?');
    const put = this.db.prepare('INSERT INTO feedback (prediction_id, label, ts) VALUES (?, ?, ?) ON CONFLICT (prediction_id) DO UPDATE SET label = excluded.label, ts = excluded.ts');
    const unknown: string[] = [];
    this.db.transaction(() => {
      for (const l of labels) {
        if (!known.get(l.id)) unknown.push(l.id);
        else put.run(l.id, String(l.label), Date.now());
      }
    })();
    return unknown;
  }

  recordAlert(a: { pipeline: string; target: string; statistic: string; value: number; threshold: number; window: number; model: string; version: number; action: string | null }): number {
    const r = this.db
      .prepare('INSERT INTO alerts (ts, pipeline, target, statistic, value, threshold, window, model, version, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(Date.now(), a.pipeline, a.target, a.statistic, a.value, a.threshold, a.window, a.model, a.version, a.action);
    return Number(r.lastInsertRowid);
  }

  setAlertAction(id: number, action: string): void {
    this.db.prepare('UPDATE alerts SET action = ? WHERE id = ?').run(action, id);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
