/**
 * Scoring with the one feature engine and the one forward pass: requests row by row
 * (`transformRow`, serving) and tables (`transformBatch`, `mlpipe score` and parity replay).
 * Request validation reads the same plan: the fields it needs come from
 * `requiredRequestFields`, the types from the fitted state, the messages from the engine.
 */
import { Suggester } from '../../mlpipe/checker/suggest.js';
import { ColumnBuilder } from '../../mlpipe/data/columnBuilder.js';
import { getColumn, type Table } from '../../mlpipe/data/table.js';
import {
  isUnusableInput,
  largestInput,
  outputBeyondFloat32Reason,
  outputLayout,
  RequestError,
  requiredRequestFields,
  transformBatch,
  transformRow,
  transformRowInto,
  type FeaturePlan,
  type RequestField,
} from '../../mlpipe/features/index.js';
import type { ErrorDetail, Prediction, RequestRow } from '../../protocol/serving.js';
import { featureReader, predictionValue, type FeatureReader, type MonitoredValue } from '../monitor/values.js';
import type { ServedModel } from './served.js';
import type { HistoryIndex } from '../../mlpipe/features/index.js';
import { ServeError } from './serveError.js';
import { rowTransform, RowSlots, type RowTransform, type ServeDefault } from '../../mlpipe/features/row.js';
import { SlotKeys } from './bodyRows.js';

export interface Scored {
  rows: number;
  /** Model outputs, `outWidth` per row. */
  out: Float32Array;
  /** Per row: model input values as drift reads them, then the inner drift targets. */
  values: MonitoredValue[][];
  /** Per row, the prediction as drift reads it. */
  predicted: MonitoredValue[];
  /** Seconds spent computing features and running the network. */
  featureSeconds: number;
  inferenceSeconds: number;
}

/**
 * Requests scored: the model inputs and outputs only. What drift reads of each row is written
 * out as codes (`Scorer.code`) straight into the prediction log's batch, so a request builds no
 * per-row value arrays. `x` and `out` are the scorer's own buffers, valid until the next call.
 */
export interface RequestsScored {
  rows: number;
  /** Row-major, `width` per row; read the first `rows` rows only (the buffers are reused, and longer). */
  x: Float32Array;
  /** `outWidth` per row; the first `rows` rows only. */
  out: Float32Array;
  /** Per row, the inner drift targets' engine output (null: not computable for that row); null without inner targets. */
  inner: Array<Float32Array | null> | null;
  featureSeconds: number;
  inferenceSeconds: number;
  /** performance.now() when the network's outputs were ready. */
  doneAt: number;
}

export type RequestOutcome = { ok: true; scored: RequestsScored } | { ok: false; details: ErrorDetail[] };

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

export class Scorer {
  readonly fields: RequestField[];
  /** Columns the model learned as text: a batch reads them as text whatever its cells hold (`ColumnBuilder`). */
  readonly textColumns: ReadonlySet<string>;
  /**
   * Fields a request may carry: the ones the features read, the primary table's key, time and
   * target, and the other columns of the data the served version trained on (a client replaying
   * whole data rows; `mlpipe score` ignores them in a file too). Any other name is refused: a
   * misspelt optional field would otherwise be scored with its default, silently.
   */
  private readonly allowed: Set<string>;
  private readonly reader: FeatureReader;
  private readonly innerReader: FeatureReader | null;
  readonly width: number;
  /** Names of `values` entries: model inputs, then inner drift targets. */
  readonly valueNames: string[];
  /** Per `valueNames` entry: the categories its codes index, or null for a number. */
  readonly valueCategories: Array<string[] | null>;
  /** Reused for the common request of a few rows (grown when a request needs more). */
  private xBuffer: Float32Array;
  private outBuffer: Float32Array;
  private readonly rowOptions: { defaults: Readonly<Record<string, ServeDefault>> };
  /**
   * The served plan's row transform for `rowsFor` (the history it was resolved with), so a
   * request looks up no runtime or evaluator; resolved again when a history reload replaces
   * `served.history`.
   */
  private rows: RowTransform;
  private rowsFor: HistoryIndex;
  /** The one answer of `scoreRequests`, refilled per call: a request allocates no result objects. */
  private readonly scored: RequestsScored;
  private readonly success: RequestOutcome;
  /** Per model input column, the feature it belongs to: names the input a row overflows on. */
  private readonly columnFeature: string[];
  /**
   * Each inner drift target's span in the inner plan's output, with a plan of its own: what a
   * request gets when one of them is missing (`innerRow`). `reader` is its index in `innerReader`.
   */
  private readonly innerSpans: Array<{ plan: FeaturePlan; offset: number; width: number; reader: number; categorical: boolean }>;
  private readonly innerWidth: number;
  /**
   * The keys a one-row body is read by into `slots` (`BodyRowsReader.readSlots`), the features'
   * fields first, then every other key a request may carry; null with inner drift targets,
   * which read the row as an object (`innerRow`).
   */
  readonly slotKeys: SlotKeys | null;
  /** The one row `scoreSlots` scores, filled by the body's reader. */
  readonly slots: RowSlots;

  constructor(readonly served: ServedModel) {
    const { plan, state } = served.run;
    this.fields = requiredRequestFields(plan);
    this.textColumns = new Set(Object.entries(state.columns).flatMap(([c, t]) => (t === 'string' ? [c] : [])));
    const p = plan.primary;
    this.allowed = new Set([...this.fields.map((f) => f.column), ...[p.key, p.time, p.target].filter((c): c is string => !!c), ...(served.run.meta.dataColumns ?? [])]);
    this.reader = featureReader(plan, state);
    this.innerReader = served.innerPlan ? featureReader(served.innerPlan, state) : null;
    this.width = served.forward.spec.inputs;
    this.valueNames = [...this.reader.features, ...(this.innerReader?.features ?? [])];
    this.valueCategories = [...this.reader.categories, ...(this.innerReader?.categories ?? [])];
    this.xBuffer = new Float32Array(this.width * 16);
    this.outBuffer = new Float32Array(served.forward.outWidth * 16);
    this.rowOptions = { defaults: served.config.defaults };
    this.rowsFor = served.history;
    this.rows = rowTransform(plan, state, served.history, this.rowOptions);
    this.scored = { rows: 0, x: this.xBuffer, out: this.outBuffer, inner: null, featureSeconds: 0, inferenceSeconds: 0, doneAt: 0 };
    this.success = { ok: true, scored: this.scored };
    this.columnFeature = outputLayout(plan, state).features.flatMap((f) => Array.from({ length: f.width }, () => f.feature));
    const inner = served.innerPlan;
    const innerLayout = inner ? outputLayout(inner, state) : undefined;
    this.innerSpans = (innerLayout?.features ?? []).map((f, i) => ({ plan: served.innerEach.get(f.feature)!, offset: f.offset, width: f.width, reader: i, categorical: this.innerReader!.categories[i] !== null }));
    this.innerWidth = innerLayout?.width ?? 0;
    const keys = [...this.rows.columns, ...[...this.allowed].filter((k) => !this.rows.columns.includes(k))];
    this.slotKeys = this.innerReader ? null : new SlotKeys(keys);
    this.slots = new RowSlots(keys.length);
  }

  /**
   * Why row r of `out` is no prediction, or null when it is one: a row whose inputs are all
   * finite can still overflow the network's float32 arithmetic (an input of 1e37), and an
   * infinity or NaN is no answer. /predict, score and parity refuse such a row alike.
   */
  private overflow(x: Float32Array, xRow: number, out: Float32Array, outRow: number): ErrorDetail | null {
    const k = this.served.forward.outWidth;
    for (let c = 0; c < k; c++) {
      if (!isUnusableInput(out[outRow * k + c])) continue;
      const at = largestInput(x, xRow * this.width, this.width);
      const feature = this.columnFeature[at];
      return { row: xRow, field: feature, problem: outputBeyondFloat32Reason(feature, x[xRow * this.width + at]) };
    }
    return null;
  }

  /** Built on the first unknown field: a misspelt name ('chanel') is told the field it meant, as the checker tells a name. */
  private nearField?: Suggester;

  private unknownField(k: string): string {
    this.nearField ??= new Suggester(this.allowed);
    const near = this.nearField.closest(k);
    return `unknown field '${k}'${near === undefined ? '' : `: did you mean '${near}'?`} (the model reads ${this.fields.map((f) => `'${f.column}'`).join(', ')})`;
  }

  /**
   * Serving: validates and scores JSON rows; every problem of every row is reported. The
   * outcome, its buffers included, is valid until the next call. `startedAt`: the caller's
   * performance.now() just before, so the clock is read once per phase boundary.
   */
  scoreRequests(rows: readonly RequestRow[], startedAt = performance.now()): RequestOutcome {
    const n = rows.length;
    const transform = this.transform(n);
    const x = this.xBuffer;
    let details: ErrorDetail[] | null = null;
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      for (const k in row) {
        if (!this.allowed.has(k)) (details ??= []).push({ row: r, field: k, problem: this.unknownField(k) });
      }
      try {
        transform.into(row, x, r * this.width);
      } catch (e) {
        if (!(e instanceof RequestError)) throw e;
        for (const i of e.issues) (details ??= []).push({ row: r, field: i.field, problem: i.message });
      }
    }
    if (details) return { ok: false, details };
    const featuresAt = performance.now();
    const inner = this.innerReader ? rows.map((row) => this.innerRow(row)) : null;
    return this.infer(n, startedAt, featuresAt, inner, inner === null ? featuresAt : performance.now());
  }

  /**
   * `scoreRequests` of the one row `slots` holds, read by `slotKeys` (so every key it holds is
   * one a request may carry): the same outcome.
   */
  scoreSlots(startedAt = performance.now()): RequestOutcome {
    const transform = this.transform(1);
    try {
      transform.intoSlots(this.slots, this.xBuffer, 0);
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      return { ok: false, details: e.issues.map((i) => ({ row: 0, field: i.field, problem: i.message })) };
    }
    const featuresAt = performance.now();
    return this.infer(1, startedAt, featuresAt, null, featuresAt);
  }

  /** The row transform for the served history, with room for `n` rows in the buffers. */
  private transform(n: number): RowTransform {
    if (this.xBuffer.length < n * this.width) this.xBuffer = new Float32Array(n * this.width * 2);
    const outWidth = this.served.forward.outWidth;
    if (this.outBuffer.length < n * outWidth) this.outBuffer = new Float32Array(n * outWidth * 2);
    if (this.rowsFor !== this.served.history) {
      this.rowsFor = this.served.history;
      this.rows = rowTransform(this.served.run.plan, this.served.run.state, this.rowsFor, this.rowOptions);
    }
    return this.rows;
  }

  /**
   * The network over the `n` rows of features in `xBuffer`; `inner`: their inner drift targets.
   * The features took `startedAt` to `featuresAt`, the inner targets to `t1`.
   */
  private infer(n: number, startedAt: number, featuresAt: number, inner: Array<Float32Array | null> | null, t1: number): RequestOutcome {
    const x = this.xBuffer;
    let details: ErrorDetail[] | null = null;
    const out = this.outBuffer;
    this.served.forward.predictInto(x, n, out);
    for (let r = 0; r < n; r++) {
      const d = this.overflow(x, r, out, r);
      if (d) (details ??= []).push(d);
    }
    if (details) return { ok: false, details };
    const doneAt = performance.now();
    const s = this.scored;
    s.rows = n;
    s.x = x;
    s.out = out;
    s.inner = inner;
    s.featureSeconds = (featuresAt - startedAt) / 1000;
    s.inferenceSeconds = (doneAt - t1) / 1000;
    s.doneAt = doneAt;
    return this.success;
  }

  /** Row r's drift values as codes (`FeatureReader.code`), `valueNames.length` of them from `at`. */
  code(s: RequestsScored, r: number, into: Float32Array, at: number): void {
    this.reader.code(s.x, r, into, at);
    if (!this.innerReader) return;
    const v = s.inner![r];
    const from = at + this.reader.features.length;
    if (!v) {
      into.fill(NaN, from, from + this.innerReader.features.length);
      return;
    }
    this.innerReader.code(v, 0, into, from);
    // A category span `innerRow` left NaN is a missing value, not an unseen category (all zeros).
    for (const c of this.innerSpans) if (c.categorical && v[c.offset] !== v[c.offset]) into[from + c.reader] = NaN;
  }

  /**
   * The inner drift targets of a request, in the inner plan's layout. One of them may be missing
   * where the model input it feeds is filled (a column before its fill_missing, an empty window):
   * the plan of all of them then refuses the row, and each is computed on its own instead, so only
   * the missing ones are NaN. Refused as a whole, every inner target of such a row was logged
   * missing: half the window of a filled feature read as missing, and its statistic as drift.
   */
  private innerRow(row: RequestRow): Float32Array | null {
    const { state } = this.served.run;
    const opts = { defaults: this.served.config.defaults };
    try {
      return transformRow(this.served.innerPlan!, state, row, this.served.history, opts);
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
    }
    const out = new Float32Array(this.innerWidth).fill(NaN);
    for (const c of this.innerSpans) {
      try {
        out.set(transformRow(c.plan, state, row, this.served.history, opts), c.offset);
      } catch (e) {
        if (!(e instanceof RequestError)) throw e; // this target is missing for the row: nothing to measure
      }
    }
    return out;
  }

  /**
   * The rows of `table` that `/predict` would refuse, and why: each row is read as a request
   * (its cells as the fields, an absent column as an absent field) and put through the check
   * `scoreRequests` makes (`transformRowInto`: a missing cell nothing covers, a value of the
   * wrong type, a model input left missing or beyond float32), and the network's output (not
   * a finite number, `overflow`). `first`: up to `limit` of them. `scored`: `scoreTable`'s flags
   * for the same table, when the caller has them: the network then runs again only on the rows
   * it gave no prediction (an overflow is one of those), not on every row of a large batch.
   */
  refusals(table: Table, limit = 3, scored?: Uint8Array): { count: number; first: Array<{ row: number; problems: ErrorDetail[] }> } {
    const { plan, state } = this.served.run;
    const columns = this.fields.map((f) => getColumn(table, f.column));
    const scratch = new Float32Array(this.width);
    const scratchOut = new Float32Array(this.served.forward.outWidth);
    // No prototype: a column called '__proto__' is a field like any other, not the object's prototype.
    const request: RequestRow = Object.create(null) as RequestRow;
    const first: Array<{ row: number; problems: ErrorDetail[] }> = [];
    let count = 0;
    for (let r = 0; r < table.rowCount; r++) {
      this.fields.forEach((f, k) => {
        const v = columns[k]?.values[r];
        request[f.column] = v === undefined || v === null || (typeof v === 'number' && v !== v) ? null : v;
      });
      let problems: ErrorDetail[];
      try {
        transformRowInto(plan, state, request, this.served.history, this.rowOptions, scratch, 0);
        if (scored?.[r]) continue;
        this.served.forward.predictInto(scratch, 1, scratchOut);
        const d = this.overflow(scratch, 0, scratchOut, 0);
        if (!d) continue;
        problems = [{ ...d, row: r }];
      } catch (e) {
        if (!(e instanceof RequestError)) throw e;
        problems = e.issues.map((i) => ({ row: r, field: i.field, problem: i.message }));
      }
      count++;
      if (first.length < limit) first.push({ row: r, problems });
    }
    return { count, first };
  }

  /**
   * Batch path: the primary-table rows of `table` (serve defaults filled into missing cells).
   * Rows whose features are missing after every transform, or beyond float32's range (an
   * infinity to the model), or whose output overflows float32, get no prediction (`ok[r] = 0`);
   * `beyond` counts the latter two.
   */
  scoreTable(table: Table): Scored & { ok: Uint8Array; beyond: number } {
    const { plan, state } = this.served.run;
    const t0 = performance.now();
    const data = { tables: new Map([[plan.primary.name, this.asRequests(table)]]) };
    const batch = transformBatch(plan, state, data, { history: this.served.history });
    const ok = new Uint8Array(batch.rows);
    let beyond = 0;
    for (let r = 0; r < batch.rows; r++) {
      let good = 1;
      let missing = false;
      for (let k = 0; k < batch.width; k++) {
        const v = batch.x[r * batch.width + k];
        if (isUnusableInput(v)) {
          good = 0;
          if (v !== v) missing = true;
        }
      }
      ok[r] = good;
      if (!good && !missing) beyond++;
    }
    let inner: MonitoredValue[][] | null = null;
    if (this.served.innerPlan) {
      const b = transformBatch(this.served.innerPlan, state, data, { history: this.served.history });
      inner = Array.from({ length: b.rows }, (_, r) => this.innerReader!.read(b.x, r));
    }
    const scored = this.finish(batch.x, batch.rows, seconds(t0), inner);
    // A row the network overflows on is one /predict refuses: no prediction either.
    for (let r = 0; r < batch.rows; r++) {
      if (ok[r] && this.overflow(batch.x, r, scored.out, r)) {
        ok[r] = 0;
        beyond++;
      }
    }
    return { ...scored, ok, beyond };
  }

  /**
   * The table as requests would be read: `serve.defaults` written into missing cells, and a
   * column the features read but the file lacks taken as missing in every row when a
   * `fill_missing` or a serve default covers it (as `/predict` takes an absent field); one
   * nothing covers is refused by name. Rebuilt once, and only when something changes.
   */
  private asRequests(table: Table): Table {
    const defaults = this.served.config.defaults;
    const absent = this.fields.filter((f) => !getColumn(table, f.column));
    const bare = absent.filter((f) => !f.covered && !Object.hasOwn(defaults, f.column));
    if (bare.length) {
      const names = bare.map((f) => `'${f.column}'`).join(', ');
      const readers = [...new Set(bare.flatMap((f) => f.uncoveredIn))];
      const by = `${readers.length === 1 ? 'feature' : 'features'} ${readers.map((f) => `'${f}'`).join(', ')}`;
      throw new ServeError(`${table.source || table.name} has no column ${names}: ${by} read${readers.length === 1 ? 's' : ''} ${bare.length === 1 ? 'it' : 'them'}, and no fill_missing or serve default covers ${bare.length === 1 ? 'it' : 'them'}`);
    }
    const header = [...table.columns.map((c) => c.name), ...absent.map((f) => f.column)];
    const filled = header.map((c, i) => (Object.hasOwn(defaults, c) && (i >= table.columns.length || table.columns[i].missing > 0) ? i : -1)).filter((i) => i >= 0);
    if (absent.length === 0 && filled.length === 0) return table;
    const rows = tableRows(table).map((row) => {
      const out: Array<string | null> = [...row, ...absent.map(() => null)];
      for (const i of filled) if (out[i] === null) out[i] = String(defaults[header[i]]);
      return out;
    });
    return tableOf(table.name, header, rows, table.source, this.textColumns);
  }

  private finish(x: Float32Array, n: number, featureSeconds: number, inner: MonitoredValue[][] | null): Scored {
    const t1 = performance.now();
    const out = this.served.forward.predict(x, n);
    const inferenceSeconds = seconds(t1);
    const { task, labels } = this.served.run.meta;
    const classes = this.served.forward.outWidth;
    const values: MonitoredValue[][] = new Array(n);
    const predicted: MonitoredValue[] = new Array(n);
    for (let r = 0; r < n; r++) {
      values[r] = inner ? [...this.reader.read(x, r), ...inner[r]] : this.reader.read(x, r);
      predicted[r] = predictionValue(task, labels, out, r, classes);
    }
    return { rows: n, out, values, predicted, featureSeconds, inferenceSeconds };
  }

  /** Row r's prediction as the API returns it. */
  prediction(out: Float32Array, r: number): Prediction {
    const { task, labels } = this.served.run.meta;
    if (task !== 'multiclass') return out[r];
    const k = this.served.forward.outWidth;
    // No prototype: a class labelled '__proto__' is a key like any other (on a plain object the
    // assignment set the prototype and the class was gone from the answer).
    const probabilities: Record<string, number> = Object.create(null);
    for (let c = 0; c < k; c++) probabilities[labels?.[c] ?? String(c)] = out[r * k + c];
    return { label: predictionValue(task, labels, out, r, k) as string, probabilities };
  }
}

/**
 * The table's cells as texts that read back as the same values (`cellText`: a -0 as '-0'). With
 * `String(v)`, a table rebuilt to take a serve default turned every -0 of the batch into 0, and
 * parity reported skew on a feature that keeps the sign of zero ('serving -0, batch 0').
 */
function tableRows(table: Table): Array<Array<string | null>> {
  return Array.from({ length: table.rowCount }, (_, r) =>
    table.columns.map((c) => {
      const v = c.values[r];
      return typeof v === 'number' && v !== v ? null : cellText(v);
    }),
  );
}

/** A table from cell texts (null = missing), typed by the data layer's one rule. */
export function tableOf(name: string, header: string[], rows: ReadonlyArray<ReadonlyArray<string | null>>, source = name, text?: ReadonlySet<string>): Table {
  const builder = new ColumnBuilder(header, text);
  for (const row of rows) builder.addRow(row);
  for (const [c, before] of builder.textNeeded()) for (let r = 0; r < before; r++) builder.setText(c, r, rows[r][c] ?? null);
  return { name, source, rowCount: rows.length, columns: builder.finish() };
}

/** JSON request rows as cell texts under `columns` and every other field they hold. */
export function tableOfRequests(name: string, rows: readonly RequestRow[], columns: readonly string[] = [], text?: ReadonlySet<string>): Table {
  const header = [...new Set([...columns, ...rows.flatMap((r) => Object.keys(r))])];
  // Own fields only: a request without 'valueOf' or 'toString' read the inherited function as its cell.
  const asText = header.map((h) => text?.has(h) === true);
  const cells = rows.map((r) => header.map((h, c) => cellText(Object.hasOwn(r, h) ? r[h] : undefined, asText[c])));
  return tableOf(name, header, cells, name, text);
}

/**
 * A request value as the cell a file would hold, read back as the same value: `String(-0)` is
 * '0', so a request's -0 replayed as 0, and `log1p(-0)` served as -0 was a parity mismatch
 * ("serving 0, batch 0") though nothing differed but the replay's own text. A column the model
 * learned as text (`asText`) reads a number as serving reads it in a text field, `String(v)`: a
 * -0 there is the text '0' to /predict, and replayed as '-0' it hashed to another bucket.
 */
function cellText(v: RequestRow[string] | undefined, asText = false): string | null {
  if (v === null || v === undefined) return null;
  return !asText && typeof v === 'number' && Object.is(v, -0) ? '-0' : String(v);
}
