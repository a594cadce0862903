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
import { rowJson } from './rowJson.js';
import { RowValuesReader } from './rowValuesText.js';
import type Database from 'better-sqlite3';
import { decodeValue, predictedOf, type MonitoredValue } from '../monitor/values.js';
import { sameItems } from '../../mlpipe/sameItems.js';
import { BatchScheduler } from './batchScheduler.js';
import { COUNTER_ROOM, PredictionIds, writeCounterBytes, type PredictionId } from './predictionIds.js';
import { unpackBatch, type LogBatch, type LogSource, type PackedBatch } from './logBatch.js';
import { LOG_FILE, LOG_FORMAT, logPath, openLogDb, openLogQueryOnly, openLogToRead } from './logSchema.js';
import { setOwn } from '../../mlpipe/ownKey.js';
import { isNoSpaceCode } from '../tracking/noSpace.js';
import { currentOwner } from '../tracking/liveness.js';

export { LOG_FILE, LOG_FORMAT, logPath, openLogDb };

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

/** An alert as the log stores it (`alerts`). */
export interface AlertRecord {
  ts?: number;
  pipeline: string;
  target: string;
  statistic: string;
  value: number;
  threshold: number;
  window: number;
  model: string;
  version: number;
  action: string | null;
}

export interface LoggedRow extends LogEntry {
  seq: number;
  /** The prediction as drift reads it: the number, or a multiclass answer's label. */
  predicted: MonitoredValue;
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

/** Rows per INSERT statement of a coded batch (8 values each, within SQLite's 32,766 bound variables). */
const INSERT_ROWS = 32;
/** Values bound per row of a coded batch's INSERT_ROWS statement (its served key and layout are written into it). */
const PER_ROW = 6;

/** Distinct layouts a writer creates before it writes keyed objects instead (clients sending random key orders). */
const MAX_LAYOUTS = 1000;

/** A `logged` row as `COLUMNS` selects it, raw (an array: no object per row). */
type Row = [
  seq: number,
  id: string,
  ts: number,
  served: number,
  /** JSON text; null when not selected. */
  inputs: string | null,
  /** JSON text, or (layout with categories) a blob of float32 codes. */
  features: string | Uint8Array,
  /** JSON text, or (format 4) a finite number as a float32 or float64 blob. */
  prediction: string | Uint8Array,
  latencyUs: number,
  layout: number | null,
];

/** What `served` names. */
interface Served {
  pipeline: string;
  model: string;
  version: number;
}

interface Layout {
  features: string[];
  inputs: string[];
  /** Set when the row's features are a float32 blob of codes. */
  categories: Array<string[] | null> | null;
}

/** A blob of float32 codes (little-endian, as typed arrays write them on every platform Node runs on) as keyed values. */
function decoded(layout: Layout, blob: Uint8Array): Record<string, never> {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out: Record<string, MonitoredValue> = {};
  const { features, categories } = layout;
  for (let k = 0; k < features.length; k++) setOwn(out, features[k], decodeValue(view.getFloat32(k * 4, true), categories![k]));
  return out as Record<string, never>;
}

/** Row k's codes as keyed values. */
function codedValues(source: LogSource, codes: Float32Array, at: number): Record<string, MonitoredValue> {
  const out: Record<string, MonitoredValue> = {};
  for (let i = 0; i < source.names.length; i++) setOwn(out, source.names[i], decodeValue(codes[at + i], source.categories[i]));
  return out;
}

/**
 * A number answer as a blob: 4 bytes when float32 holds it exactly (a binary model's
 * probability), else 8; about 10 bytes a row less than its JSON text. Only a finite number:
 * what JSON gives back for anything else (null for NaN) stays JSON text. -0 is stored as 0,
 * as the API's JSON answered it. The bytes are a reused buffer (SQLite copies what it binds).
 */
const cell32 = new Float32Array(1);
const cell64 = new Float64Array(1);
const bytes32 = new Uint8Array(cell32.buffer);
const bytes64 = new Uint8Array(cell64.buffer);
function predictionCell(prediction: unknown): string | Uint8Array {
  if (typeof prediction !== 'number' || !Number.isFinite(prediction)) return JSON.stringify(prediction);
  const v = prediction === 0 ? 0 : prediction;
  if (Math.fround(v) === v) {
    cell32[0] = v;
    return bytes32;
  }
  cell64[0] = v;
  return bytes64;
}

/**
 * The byte cells a group of up to INSERT_ROWS rows binds (a row's answer and its codes), one
 * fixed view per row position of the group, written again for each group: the statement binds a
 * group's rows before the next group is gathered. A fresh view per row and cell (a subarray for
 * the codes, a Uint8Array for the answer) was V8's CreateTypedArray and the views' API checks,
 * ~1,000 instructions a logged prediction (cachegrind).
 */
class GroupCells {
  private readonly f64 = new Float64Array(INSERT_ROWS);
  private readonly f32 = new Float32Array(this.f64.buffer);
  private readonly four: Uint8Array[] = [];
  private readonly eight: Uint8Array[] = [];
  private width = -1;
  private codes = new Uint32Array(0);
  private codeViews: Uint8Array[] = [];

  constructor() {
    for (let j = 0; j < INSERT_ROWS; j++) {
      this.four.push(new Uint8Array(this.f64.buffer, j * 8, 4));
      this.eight.push(new Uint8Array(this.f64.buffer, j * 8, 8));
    }
  }

  /** `predictionCell` in position j's own bytes. */
  prediction(prediction: unknown, j: number): string | Uint8Array {
    if (typeof prediction !== 'number' || !Number.isFinite(prediction)) return JSON.stringify(prediction);
    const v = prediction === 0 ? 0 : prediction;
    if (Math.fround(v) === v) {
      this.f32[j * 2] = v;
      return this.four[j];
    }
    this.f64[j] = v;
    return this.eight[j];
  }

  /** Bytes a position holds for a counter id: its writer's prefix, the digit count and up to 11 base-36 digits (2^53). */
  private static readonly ID_ROOM = 64;
  private readonly idBytes = new Uint8Array(INSERT_ROWS * GroupCells.ID_ROOM);
  private readonly idViews: Uint8Array[] = Array.from({ length: INSERT_ROWS }, () => new Uint8Array(0));
  /** The prefix each position's bytes begin with. */
  private readonly idPrefixAt: Array<string | null> = new Array<string | null>(INSERT_ROWS).fill(null);
  private prefix: string | null = null;
  private prefixBytes = new Uint8Array(0);

  /**
   * Prediction k's id: a counter id (`predictionId`) as its UTF-8 bytes in position j's own bytes,
   * which the statement binds through CAST(? AS TEXT), else its text. Making each id's string
   * (`toString(36)`, two concatenations) and better-sqlite3's measuring, flattening and copying
   * of it to UTF-8 cost ~800 instructions a logged prediction more than these bytes (cachegrind).
   */
  id(b: LogBatch, k: number, j: number): string | Uint8Array {
    const c = b.idCounter[k];
    if (c < 0) return b.id(k);
    if (b.idPrefix !== this.prefix) {
      this.prefix = b.idPrefix;
      this.prefixBytes = Buffer.from(b.idPrefix, 'utf8');
    }
    const p = this.prefixBytes;
    if (p.length + COUNTER_ROOM > GroupCells.ID_ROOM) return b.id(k);
    const at = j * GroupCells.ID_ROOM;
    const bytes = this.idBytes;
    if (this.idPrefixAt[j] !== this.prefix) {
      bytes.set(p, at);
      this.idPrefixAt[j] = this.prefix;
    }
    const length = writeCounterBytes(bytes, at + p.length, c) - at;
    let view = this.idViews[j];
    if (view.length !== length) view = this.idViews[j] = bytes.subarray(at, at + length);
    return view;
  }

  /** Row k's `w` codes of `from` (a batch's codes as 32-bit words: copied bit for bit, NaNs too) in position j's bytes. */
  coded(from: Uint32Array, k: number, w: number, j: number): Uint8Array {
    if (w !== this.width) {
      this.width = w;
      this.codes = new Uint32Array(INSERT_ROWS * w);
      this.codeViews = Array.from({ length: INSERT_ROWS }, (_, i) => new Uint8Array(this.codes.buffer, i * w * 4, w * 4));
    }
    const to = this.codes;
    for (let i = 0, a = j * w, b = k * w; i < w; i++) to[a + i] = from[b + i];
    return this.codeViews[j];
  }
}

/** A number blob (`predictionCell`) read back (little-endian, as typed arrays write it on every platform Node runs on). */
function numberOf(blob: Uint8Array): number {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return blob.byteLength === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
}

/** A prediction row as `Row` reads it (the served names come from a cache, not a join per row). */
const COLUMNS = 'seq, id, ts, served, inputs, features, prediction, latency_us, layout';

/** Keyed values from an array in a layout's order. */
function keyed(names: readonly string[], values: unknown[]): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (let k = 0; k < names.length; k++) setOwn(out, names[k], values[k]);
  return out as Record<string, never>;
}

const toLogged = ([seq, id, ts, , inputs, features, predictionCell, latencyUs]: Row, served: Served, layout: Layout | undefined): LoggedRow => {
  const prediction = typeof predictionCell === 'string' ? JSON.parse(predictionCell) : numberOf(predictionCell);
  return {
    seq,
    id,
    ts,
    pipeline: served.pipeline,
    model: served.model,
    version: served.version,
    // Drift windows do not read the request: they select it as null and skip its parse.
    inputs: inputs === null ? null : layout ? keyed(layout.inputs, JSON.parse(inputs)) : JSON.parse(inputs),
    features: typeof features !== 'string' ? decoded(layout!, features) : layout ? keyed(layout.features, JSON.parse(features)) : JSON.parse(features),
    prediction,
    predicted: predictedOf(prediction),
    latencyUs,
  };
};

/** Read side of the log, on its own connection. */
export class LogReader {
  readonly db: Database.Database;
  private readonly layouts = new Map<number, Layout>();
  private readonly served = new Map<number, Served>();

  /** `db`: a connection `openLogToRead` made; without it, the log is made if missing (a server's reader). */
  constructor(root: string, db?: Database.Database) {
    if (db) {
      this.db = db;
      return;
    }
    this.db = openLogQueryOnly(root); // makes sure the file and schema exist
  }

  /**
   * A reader for a command that only reads the log (`mlpipe drift`, `parity`, the Drift panel):
   * it creates no log where none is (no predictions yet) and writes nothing to one this user may
   * not write (`openLogToRead`).
   */
  static toRead(root: string): LogReader {
    return new LogReader(root, openLogToRead(root));
  }

  private layout(id: number | null): Layout | undefined {
    if (id === null) return undefined;
    let l = this.layouts.get(id);
    if (!l) {
      const row = this.db.prepare<[number], { features: string; inputs: string; categories: string | null }>('SELECT features, inputs, categories FROM layouts WHERE id = ?').get(id);
      if (!row) throw new Error(`the prediction log refers to layout ${id}, which it does not hold: the file is damaged`);
      l = { features: JSON.parse(row.features), inputs: JSON.parse(row.inputs), categories: row.categories === null ? null : JSON.parse(row.categories) };
      this.layouts.set(id, l);
    }
    return l;
  }

  private servedOf(id: number): Served {
    let s = this.served.get(id);
    if (!s) {
      s = this.db.prepare<[number], Served>('SELECT pipeline, model, version FROM served WHERE id = ?').get(id);
      if (!s) throw new Error(`the prediction log refers to served model ${id}, which it does not hold: the file is damaged`);
      this.served.set(id, s);
    }
    return s;
  }

  private logged(rows: Row[]): LoggedRow[] {
    return rows.map((r) => toLogged(r, this.servedOf(r[3]), this.layout(r[8])));
  }

  /**
   * The last `n` predictions of a model version (or of every version), oldest first; with
   * `beforeSeq`, the last before that row. With `withInputs: false` (drift) the request rows are
   * not read.
   */
  lastWindow(pipeline: string, n: number, model?: { name: string; version: number }, opts: { withInputs?: boolean; beforeSeq?: number } = {}): LoggedRow[] {
    const ids = model ? this.servedIds('model = ? AND version = ?', model.name, model.version) : this.servedIds('pipeline = ?', pipeline);
    const columns = opts.withInputs === false ? COLUMNS.replace('inputs', 'NULL') : COLUMNS;
    const rows = opts.beforeSeq === undefined ? this.select(columns, ids, '', 'DESC', [n]) : this.select(columns, ids, 'seq < ?', 'DESC', [opts.beforeSeq, n]);
    return this.logged(rows.reverse());
  }

  /** Predictions after the cursor `after` (a `seq`), oldest first; `next` continues. */
  page(opts: { after?: number; limit?: number; model?: string; version?: number; pipeline?: string } = {}): { rows: LoggedRow[]; next: number | null } {
    const limit = Math.max(1, Math.min(opts.limit ?? 1000, 10000));
    const after = opts.after ?? 0;
    const ids =
      opts.model !== undefined && opts.version !== undefined
        ? this.servedIds('model = ? AND version = ?', opts.model, opts.version)
        : opts.pipeline !== undefined
          ? this.servedIds('pipeline = ?', opts.pipeline)
          : null;
    const rows = this.select(COLUMNS, ids, 'seq > ?', 'ASC', [after, limit]);
    return { rows: this.logged(rows), next: rows.length === limit ? rows[rows.length - 1][0] : null };
  }

  private servedIds(where: string, ...values: Array<string | number>): number[] {
    return this.db
      .prepare<Array<string | number>, { id: number }>(`SELECT id FROM served WHERE ${where}`)
      .all(...values)
      .map((r) => r.id);
  }

  /**
   * Rows of the served keys `ids` (null: all) in seq order. One key walks its (served, seq)
   * index in order; several walk the rows by seq (the + keeps SQLite off the served index,
   * which would sort every matching row before the LIMIT).
   */
  private select(columns: string, ids: number[] | null, where: string, order: 'ASC' | 'DESC', args: number[]): Row[] {
    if (ids !== null && ids.length === 0) return [];
    const conditions = [where, ids === null ? '' : ids.length === 1 ? `served = ${ids[0]}` : `+served IN (${ids.join(', ')})`].filter(Boolean);
    const sql = `SELECT ${columns} FROM logged${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT ?`;
    return this.db.prepare<number[], Row>(sql).raw(true).all(...args) as Row[];
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM logged').get()!.n;
  }

  /** Predictions `model` logged before the row `seq` (every server's, as retention left them). */
  countBefore(model: { name: string; version: number }, seq: number): number {
    const ids = this.servedIds('model = ? AND version = ?', model.name, model.version);
    if (ids.length === 0) return 0;
    return this.db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM logged WHERE served IN (${ids.join(', ')}) AND seq < ?`).get(seq)!.n;
  }

  /** The newest version of `model` other than `version` that has logged predictions, if any. */
  otherLoggedVersion(model: string, version: number): number | undefined {
    const row = this.db
      .prepare<[string, number], { v: number | null }>('SELECT max(s.version) AS v FROM served s WHERE s.model = ? AND s.version != ? AND EXISTS (SELECT 1 FROM logged l WHERE l.served = s.id)')
      .get(model, version);
    return row?.v ?? undefined;
  }

  close(): void {
    this.db.close();
  }
}

/** Write side: the bounded queue and its batched flushes. */
export class PredictionLog {
  private readonly db: Database.Database;
  private readonly prune: Database.Statement;
  private addAlert: Database.Statement | null = null;
  private serverJson: string | undefined;
  private readonly writeRows: (rows: LogEntry[]) => void;
  /** Writes a coded batch; returns its first row's seq (its rows' seqs are consecutive). */
  private readonly writeCoded: (batch: LogBatch) => number;
  private queue: LogEntry[] = [];
  /** Coded batches (from the serving thread) waiting for the next flush. */
  private batches: PackedBatch[] = [];
  private lastPrune = 0;
  private readonly ids = new PredictionIds();
  private closed = false;
  /** Layout ids by their names (and categories), as this writer created or found them. */
  private readonly layoutIds = new Map<string, number>();
  /** served.id by pipeline, model and version. */
  private readonly servedIds = new Map<string, number>();
  readonly capacity: number;
  readonly batchSize: number;
  readonly flushMs: number;
  private readonly schedule: BatchScheduler;
  dropped = 0;
  written = 0;
  /** Called after each committed flush with the number of predictions written. */
  onWritten: (n: number) => void = () => undefined;
  /** Called with each committed coded batch and its first row's seq (the drift window's feed). */
  onBatchWritten: (batch: LogBatch, firstSeq: number) => void = () => undefined;
  /** Called when retention deleted the predictions stamped before `ts`. */
  onPruned: (ts: number) => void = () => undefined;
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
    this.schedule = new BatchScheduler(this.flushMs, () => this.flush());
    // A row's id and inputs may be bound as UTF-8 bytes (`GroupCells.id`, `RowValuesReader.valueBytes`): CAST makes them
    // the text the column holds (SQLite copies them as text: ~120 instructions a row for an id, still less than a string), and leaves a string as it is.
    const insertSql = (rows: number) =>
      `INSERT INTO logged (id, ts, served, inputs, features, prediction, latency_us, layout) VALUES ${Array<string>(rows).fill('(CAST(? AS TEXT), ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)').join(', ')}`;
    const insert = this.db.prepare(insertSql(1));
    // A coded batch goes in INSERT_ROWS rows per statement: one step of SQLite's machine and
    // one crossing into it for that many rows (about a quarter of the insert's CPU per row).
    // Its served key and layout are written into the statement (numbers this writer had from the
    // log itself): the same for a batch's rows, and each value bound costs a look-up of the
    // argument array, a conversion and a bind (about a third of the insert's instructions).
    const manyStatements = new Map<string, Database.Statement>();
    const insertMany = (served: number, layout: number | null): Database.Statement => {
      const key = `${served} ${layout}`;
      let s = manyStatements.get(key);
      if (s === undefined) {
        // Clients sending many key orders make many layouts: keep a few statements, not one each.
        if (manyStatements.size >= 16) manyStatements.clear();
        const values = Array<string>(INSERT_ROWS).fill(`(CAST(? AS TEXT), ?, ${served}, CAST(? AS TEXT), ?, ?, ?, ${layout ?? 'NULL'})`);
        // OR FAIL: a refused row (an id already logged) stops the statement without undoing its
        // earlier rows, so SQLite keeps no statement journal of every page the statement touches
        // (~500 instructions a prediction); the batch's transaction is rolled back whole anyway.
        s = this.db.prepare(`INSERT OR FAIL INTO logged (id, ts, served, inputs, features, prediction, latency_us, layout) VALUES ${values.join(', ')}`);
        manyStatements.set(key, s);
      }
      return s;
    };
    const args = new Array<unknown>(INSERT_ROWS * PER_ROW);
    const groupCells = new GroupCells();
    const findLayout = this.db.prepare<[string, string, string | null], { id: number }>('SELECT id FROM layouts WHERE features = ? AND inputs = ? AND categories IS ?');
    const addLayout = this.db.prepare('INSERT INTO layouts (features, inputs, categories) VALUES (?, ?, ?)');
    const findServed = this.db.prepare<[string, string, number], { id: number }>('SELECT id FROM served WHERE pipeline = ? AND model = ? AND version = ?');
    const addServed = this.db.prepare('INSERT INTO served (pipeline, model, version) VALUES (?, ?, ?)');
    /** The layout id of a row's names (created in the batch's transaction), or null past the cap. */
    const layoutOf = (features: string, inputs: string[], categories: string | null): number | null => {
      const i = JSON.stringify(inputs);
      const key = `${features}\u0000${i}\u0000${categories}`;
      const known = this.layoutIds.get(key);
      if (known !== undefined) return known;
      if (this.layoutIds.size >= MAX_LAYOUTS) return null;
      const id = findLayout.get(features, i, categories)?.id ?? Number(addLayout.run(features, i, categories).lastInsertRowid);
      this.layoutIds.set(key, id);
      return id;
    };
    const servedOf = (pipeline: string, model: string, version: number): number => {
      const key = `${pipeline}\u0000${model}\u0000${version}`;
      let id = this.servedIds.get(key);
      if (id === undefined) {
        id = findServed.get(pipeline, model, version)?.id ?? Number(addServed.run(pipeline, model, version).lastInsertRowid);
        this.servedIds.set(key, id);
      }
      return id;
    };
    // The last row's request keys and layout: a server's requests nearly always repeat them.
    const rowValues = new RowValuesReader();
    let lastKeys: string[] = [];
    let lastNames = '';
    let lastLayout: number | null = null;
    /** A request row's values in its layout's order, or the row itself (not an object, or past the layout cap). */
    const inputsOf = (inputs: unknown, featureNames: string, categories: string | null): { layout: number | null; json: string } => {
      if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) return { layout: null, json: JSON.stringify(inputs) };
      const keys = Object.keys(inputs);
      let layout: number | null;
      if (featureNames === lastNames && sameItems(keys, lastKeys)) layout = lastLayout;
      else {
        layout = layoutOf(featureNames, keys, categories);
        lastKeys = keys;
        lastNames = featureNames;
        lastLayout = layout;
      }
      return { layout, json: rowJson(layout === null ? (inputs as Record<string, unknown>) : Object.values(inputs)) };
    };
    // A rolled-back transaction takes its new layouts and served keys with it: forget their ids.
    // Wrapped around the transaction, not inside it: a COMMIT that fails (a full disk cannot take
    // the WAL's pages) is rolled back too, and later rows named a served key that was never
    // stored, so drift and parity found no predictions for the model.
    const forgetting =
      <T, R>(write: (x: T) => R) =>
      (x: T): R => {
        try {
          return write(x);
        } catch (err) {
          this.layoutIds.clear();
          this.servedIds.clear();
          lastNames = '';
          throw err;
        }
      };
    this.prune = this.db.prepare('DELETE FROM logged WHERE ts < ?');
    this.writeRows = forgetting(
      this.db.transaction((rows: LogEntry[]) => {
        for (const e of rows) {
          const featureNames = JSON.stringify(Object.keys(e.features));
          const { layout, json } = inputsOf(e.inputs, featureNames, null);
          insert.run(e.id, e.ts, servedOf(e.pipeline, e.model, e.version), json, JSON.stringify(layout === null ? e.features : Object.values(e.features)), predictionCell(e.prediction), e.latencyUs, layout);
        }
      }),
    );
    this.writeCoded = forgetting(
      this.db.transaction((b: LogBatch) => {
        const { source } = b;
        const served = servedOf(source.pipeline, source.model, source.version);
        const names = JSON.stringify(source.names);
        const categories = JSON.stringify(source.categories);
        const w = source.names.length;
        const words = new Uint32Array(b.codes.buffer, b.codes.byteOffset, b.codes.length);
        let firstSeq = 0;
        rowValues.reset();
        // Rows gathered for one INSERT_ROWS statement, all of the layout `groupLayout`.
        let group = 0;
        let groupLayout: number | null = null;
        let groupFirst = 0;
        const writeGroup = (): void => {
          let seq: number;
          if (group === INSERT_ROWS) {
            // The rows of one statement take consecutive seqs (one writer, in one transaction).
            // Spread, not the array: better-sqlite3 reads an array's values one `Object::Get` at a
            // time through V8's API (a property look-up each, ~400 instructions a value), and
            // call arguments directly (cachegrind: ~2,300 instructions a prediction less).
            seq = Number(insertMany(served, groupLayout).run(...args).lastInsertRowid) - (INSERT_ROWS - 1);
          } else {
            seq = 0;
            for (let j = 0; j < group; j++) {
              const a = j * PER_ROW;
              const done = insert.run(args[a], args[a + 1], served, args[a + 2], args[a + 3], args[a + 4], args[a + 5], groupLayout);
              if (j === 0) seq = Number(done.lastInsertRowid);
            }
          }
          if (groupFirst === 0) firstSeq = seq;
          group = 0;
        };
        for (let k = 0; k < b.n; k++) {
          // A row of a body with the last row's keys: its values copied from the body's text.
          const row = b.rowOf[k];
          const copied = row >= 0 && lastLayout !== null && names === lastNames ? rowValues.valueBytes(b.texts, b.textAt[k], b.textLength[k], row, lastKeys) : null;
          const { layout, json } = copied !== null ? { layout: lastLayout, json: copied as string | Uint8Array } : inputsOf(b.input(k), names, categories);
          if (group > 0 && layout !== groupLayout) writeGroup();
          if (group === 0) {
            groupLayout = layout;
            groupFirst = k;
          }
          const a = group * PER_ROW;
          args[a] = groupCells.id(b, k, group);
          args[a + 1] = b.ts[k];
          args[a + 2] = json;
          // Past the layout cap the codes cannot be read back by name: keyed JSON values instead.
          args[a + 3] = layout !== null ? groupCells.coded(words, k, w, group) : JSON.stringify(codedValues(source, b.codes, k * w));
          args[a + 4] = groupCells.prediction(b.predictions[k], group);
          args[a + 5] = Math.round(b.latencyUs[k]);
          if (++group === INSERT_ROWS) writeGroup();
        }
        if (group > 0) writeGroup();
        return firstSeq;
      }),
    );
  }

  /** Queues a batch of coded predictions from the serving thread (which bounded and counted them). */
  pushBatch(batch: PackedBatch): void {
    if (this.closed) {
      this.dropped += batch.n;
      return;
    }
    this.batches.push(batch);
  }

  /** A fresh prediction id (`PredictionIds`). */
  nextId(): PredictionId {
    return this.ids.next();
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
    this.schedule.added(this.queue.length >= this.batchSize);
    return true;
  }

  /** Writes everything queued now. */
  flush(): void {
    this.schedule.cancel();
    if ((this.queue.length === 0 && this.batches.length === 0) || !this.db.open) return;
    const t0 = performance.now();
    const rows = this.queue;
    const batches = this.batches;
    this.queue = [];
    this.batches = [];
    let n = 0;
    for (const packed of batches) {
      // Each batch in its own transaction: a failure drops that batch alone.
      let firstSeq = 0;
      const written: LogBatch[] = [];
      if (!this.attempt(() => (firstSeq = this.writeCoded(written[0] = unpackBatch(packed))), packed.n)) continue;
      const b = written[0];
      n += b.n;
      try {
        this.onBatchWritten(b, firstSeq);
      } catch (e) {
        this.lastError = `after writing: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    for (let i = 0; i < rows.length; i += this.batchSize) {
      const part = rows.slice(i, i + this.batchSize);
      if (this.attempt(() => this.writeRows(part), part.length)) n += part.length;
    }
    if (n === 0) return;
    this.written += n;
    const now = Date.now();
    if (this.options.retentionDays !== undefined && now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      const before = now - this.options.retentionDays * 86_400_000;
      this.prune.run(before);
      this.onPruned(before);
    }
    this.lastFlushSeconds = (performance.now() - t0) / 1000;
    try {
      this.onWritten(n);
    } catch (e) {
      // Monitoring runs from here; its failure must not reach the timer and stop the server.
      this.lastError = `after writing: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /**
   * A full disk or a lock held too long must not take the server down: the write is dropped
   * and counted, like an overflowing queue, and the reason kept for the metrics.
   */
  private attempt(write: () => void, n: number): boolean {
    try {
      write();
      return true;
    } catch (e) {
      this.dropped += n;
      const message = e instanceof Error ? e.message : String(e);
      // SQLite's "database or disk is full" names no file: a full disk names the log and says so.
      this.lastError = isNoSpaceCode((e as { code?: string }).code) ? `cannot write ${logPath(this.root)}: no space left on the device (${message})` : message;
      return false;
    }
  }

  /**
   * Records feedback labels; returns the ids that match no logged prediction (with `of`: no
   * prediction that model of that pipeline logged, in any version). A server checks each label
   * against the classes of the model it serves, and every pipeline of a project folder logs into
   * one file: a regression server took the label 2.5 for a multiclass model's prediction,
   * replacing its class, and that model's quality then skipped it.
   */
  feedback(labels: Array<{ id: string; label: string | number }>, of?: { pipeline: string; model: string }): string[] {
    this.flush();
    const byId = this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM logged WHERE id = ?');
    const byModel = of && this.db.prepare<[string, string, string], { one: number }>('SELECT 1 AS one FROM logged WHERE id = ? AND served IN (SELECT id FROM served WHERE pipeline = ? AND model = ?)');
    const known = { get: (id: string) => (byModel && of ? byModel.get(id, of.pipeline, of.model) : byId.get(id)) };
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

  /**
   * Records one evaluation's alerts in one transaction; returns their ids, in order. A drifting
   * server records alerts every window, one per drifted target: a commit each took a third of
   * the log thread's time spent on monitoring.
   */
  recordAlerts(alerts: readonly AlertRecord[]): number[] {
    if (alerts.length === 0) return [];
    // Prepared once: a drifting server records alerts every window.
    this.addAlert ??= this.db.prepare('INSERT INTO alerts (ts, pipeline, target, statistic, value, threshold, window, model, version, action, server) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const add = this.addAlert;
    const server = this.server;
    return this.db.transaction(() => alerts.map((a) => Number(add.run(a.ts ?? Date.now(), a.pipeline, a.target, a.statistic, a.value, a.threshold, a.window, a.model, a.version, a.action, server).lastInsertRowid)))();
  }

  /** Sets what was done about an alert, and names this process as the one that did it (format 5's `server`). */
  setAlertAction(id: number, action: string): void {
    this.db.prepare('UPDATE alerts SET action = ?, server = ? WHERE id = ?').run(action, this.server, id);
  }

  /**
   * This process as an alert's `server`: the log is written by its server's process (its log
   * thread), whose death a later report reads as the end of a retrain it left 'started'.
   */
  private get server(): string {
    return (this.serverJson ??= JSON.stringify(currentOwner()));
  }

  close(): void {
    if (this.closed) return;
    this.schedule.close();
    this.closed = true;
    this.db.close();
  }
}
