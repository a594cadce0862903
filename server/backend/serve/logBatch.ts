/**
 * Predictions on their way to the log. The serving thread fills a `LogBatchBuilder` per
 * request with no per-prediction object and nothing kept on its heap: numbers go into typed
 * arrays, and the ids and each request row's JSON text (the body's own text, shared by its rows,
 * or, when the server built the row from CSV or MLflow's shapes, its JSON) are written as UTF-8
 * into byte buffers. The sealed batch (`PackedBatch`) crosses to the log's thread as one
 * transferred buffer: structured clone of one object per request row was the serving thread's largest
 * item after the socket writes in a profile under load, and strings kept until the batch was
 * posted (the bodies, the ids) survived young collections, which copied them, promoted them and
 * so lengthened the serving thread's collector pauses. The log's thread unpacks the batch
 * (`unpackBatch`) into a `LogBatch`, whose ids are made only when read (`id`); the rows are read from their text
 * (`RowValuesReader`) or parsed. The drift values are
 * codes (`FeatureReader.code`), stored as they are: a float32 blob per prediction.
 */

import { predictionId, type PredictionIds } from './predictionIds.js';

/** Who served the rows and how their drift values are coded; the same for every batch of a server. */
export interface LogSource {
  pipeline: string;
  model: string;
  version: number;
  /** The names of the coded values, in order. */
  names: string[];
  /** Per name: the categories its codes index, or null for a number (`decodeValue`). */
  categories: Array<string[] | null>;
}

/** A batch as the log writes it. */
export interface LogBatch {
  source: LogSource;
  n: number;
  /**
   * Prediction k's id, made at each call: the writer binds a counter id's bytes (`IdCells`) and
   * the drift window keeps its counter, so no id string is made per logged prediction.
   */
  id(k: number): string;
  /** Per prediction: its id's counter when the id is `predictionId(idPrefix, counter)`, or -1 (`id(k)` reads its text). */
  idCounter: Float64Array;
  idPrefix: string;
  /** ms since epoch, per prediction. */
  ts: Float64Array;
  latencyUs: Float64Array;
  /** `source.names.length` codes per prediction. */
  codes: Float32Array;
  /** Prediction k's request row as received, parsed from its text when asked (a body's rows once). */
  input(k: number): unknown;
  /** The rows' UTF-8 texts and where each prediction's is (`PackedBatch`), for reading a row without parsing it (`RowValuesReader`). */
  texts: Uint8Array;
  textAt: Int32Array;
  textLength: Int32Array;
  rowOf: Int32Array;
  /** The answers as the API gave them. */
  predictions: unknown[];
}

/** A batch as it crosses threads: typed arrays only, views of one buffer that is transferred. */
export interface PackedBatch {
  source: LogSource;
  n: number;
  /** The ids as UTF-8, one after another; prediction k's ends at `idEnd[k]` (no bytes where `idCounter[k]` is one). */
  idBytes: Uint8Array;
  idEnd: Int32Array;
  /** Per prediction: its id's counter when the id is `predictionId(idPrefix, counter)`, or -1 when its text is in `idBytes`. */
  idCounter: Float64Array;
  idPrefix: string;
  ts: Float64Array;
  latencyUs: Float64Array;
  codes: Float32Array;
  /** UTF-8 JSON texts the rows are read from, one after another. */
  textBytes: Uint8Array;
  /** Per prediction: where its text starts in `textBytes`, and its length (bytes). */
  textAt: Int32Array;
  textLength: Int32Array;
  /** Per prediction: the index of its row in the text's `rows`, or -1 when the text is the row itself. */
  rowOf: Int32Array;
  /** Per prediction: a number answer (binary, regression), or NaN with `other` holding the answer. */
  numbers: Float64Array;
  /** 1 where the answer is not a number (a multiclass object): it is in `others`, in order. */
  other: Uint8Array;
  others: unknown[];
}

/** Bytes of row text after which a batch takes no more (large bodies). */
const TEXT_BUDGET = 1 << 24;

/** A buffer of its own memory (never Node's shared pool, so it can be transferred), not zeroed. */
export function newBuffer(bytes: number): ArrayBuffer {
  return Buffer.allocUnsafeSlow(Math.max(1, bytes)).buffer as ArrayBuffer;
}

/** A growing UTF-8 buffer, reused batch after batch (`reset`): its bytes are copied out when sealed. */
class Utf8Bytes {
  private bytes: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Appends `text`; returns its start. */
  write(text: string): number {
    const at = this.length;
    // Three bytes per UTF-16 unit at most: room for that, so the write is never cut short.
    const need = at + text.length * 3;
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, at);
      this.bytes = grown;
    }
    // Node's own UTF-8 write: a loop here over an ASCII body's characters took ~4,450
    // instructions for a 150-character body against its ~930 (cachegrind).
    this.length = at + this.bytes.write(text, at);
    return at;
  }

  /**
   * Appends `from`'s bytes from index `start`; returns where they start. A body's own bytes: its
   * text's encoding took ~720 instructions of a single-row request, the copy ~110 (microbench).
   */
  append(from: Uint8Array, start: number): number {
    const at = this.length;
    const need = at + from.length - start;
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, at);
      this.bytes = grown;
    }
    this.bytes.set(start === 0 ? from : from.subarray(start), at);
    this.length = need;
    return at;
  }

  /** Every byte written so far (its first `length`), copied into `into` from index `to`. */
  copyInto(into: Uint8Array, to: number): void {
    into.set(this.bytes.subarray(0, this.length), to);
  }

  reset(): void {
    this.length = 0;
  }
}

/** Whether UTF-8 `bytes` start with a byte-order mark (EF BB BF). */
const hasBom = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * A batch being filled, up to `capacity` predictions. One builder serves batch after batch: its
 * arrays grow to what the load needs and stay, and `seal` copies what one batch holds into a
 * single buffer of that size, which alone crosses to the log's thread. A new builder per flush
 * (eleven arrays and two byte buffers, grown by doubling as a batch filled) were most of the log
 * add's 15% of mlpipe's own CPU per single-row request.
 */
export class LogBatchBuilder {
  readonly width: number;
  n = 0;
  private readonly ids: Utf8Bytes;
  private idEnd: Int32Array;
  private idCounter: Float64Array;
  ts: Float64Array;
  latencyUs: Float64Array;
  /** Where `add` said to write a prediction's codes: read it after that `add` (it may grow). */
  codes: Float32Array;
  private readonly texts: Utf8Bytes;
  private textAt: Int32Array;
  private textLength: Int32Array;
  private rowOf: Int32Array;
  private numbers: Float64Array;
  private other: Uint8Array;
  /** Predictions the arrays hold room for (up to `capacity`; they grow as `add` needs). */
  room: number;
  private others: unknown[] = [];
  /** The body last appended (its text or its bytes), and where: its other rows point at the same bytes. */
  private lastBody: string | Uint8Array | null = null;
  private lastBodyAt = 0;
  private lastBodyLength = 0;

  /**
   * `room`: predictions to allocate for at first (the arrays grow, up to `capacity`). `madeBy`:
   * the ids' writer, whose ids are stored as their counter: writing an id's ~20 characters as
   * UTF-8 took ~680 instructions of a request on the serving thread (cachegrind), a number 1.
   */
  constructor(
    readonly source: LogSource,
    readonly capacity: number,
    room = Math.min(capacity, 64),
    private readonly madeBy: PredictionIds | null = null,
  ) {
    this.width = source.names.length;
    this.room = Math.max(1, Math.min(room, capacity));
    const n = this.room;
    this.ids = new Utf8Bytes(n * 24);
    this.idEnd = new Int32Array(n);
    this.idCounter = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.latencyUs = new Float64Array(n);
    this.codes = new Float32Array(n * this.width);
    this.texts = new Utf8Bytes(n * 192);
    this.textAt = new Int32Array(n);
    this.textLength = new Int32Array(n);
    this.rowOf = new Int32Array(n);
    this.numbers = new Float64Array(n);
    this.other = new Uint8Array(n);
  }

  /** Twice the room (at most `capacity`), the values so far copied. */
  private grow(): void {
    const n = Math.min(this.capacity, this.room * 2);
    const more = <T extends Int32Array | Float64Array | Float32Array | Uint8Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(n * per);
      b.set(a);
      return b;
    };
    this.idEnd = more(this.idEnd);
    this.idCounter = more(this.idCounter);
    this.ts = more(this.ts);
    this.latencyUs = more(this.latencyUs);
    this.codes = more(this.codes, this.width);
    this.textAt = more(this.textAt);
    this.textLength = more(this.textLength);
    this.rowOf = more(this.rowOf);
    this.numbers = more(this.numbers);
    this.other = more(this.other);
    this.room = n;
  }

  /** Full at `capacity` predictions, or past TEXT_BUDGET bytes of text (large bodies). */
  get full(): boolean {
    return this.n >= this.capacity || this.texts.length >= TEXT_BUDGET;
  }

  /**
   * Adds one prediction; returns where its codes go in `codes` (the caller writes them). With
   * `body`, the input is `JSON.parse(body).rows[row]` and is read from that text, not kept;
   * without, it is written as its JSON (a request row: strings, finite numbers, booleans, null).
   * A body given as bytes is UTF-8 the server checked (a leading byte-order mark is left out, as
   * the server's text leaves it out): they are copied as they came, the same bytes as its text's.
   */
  add(id: string, ts: number, latencyUs: number, input: unknown, prediction: unknown, body?: string | Uint8Array, row = 0): number {
    if (this.n === this.room && this.room < this.capacity) this.grow();
    const k = this.n++;
    // The last id the writer made, compared by reference as a rule (the caller passes it on).
    if (this.madeBy !== null && id === this.madeBy.last) this.idCounter[k] = this.madeBy.counter;
    else {
      this.ids.write(id);
      this.idCounter[k] = -1;
    }
    this.idEnd[k] = this.ids.length;
    this.ts[k] = ts;
    this.latencyUs[k] = latencyUs;
    if (body !== undefined) {
      if (body !== this.lastBody) {
        this.lastBody = body;
        this.lastBodyAt = typeof body === 'string' ? this.texts.write(body) : this.texts.append(body, hasBom(body) ? 3 : 0);
        this.lastBodyLength = this.texts.length - this.lastBodyAt;
      }
      this.textAt[k] = this.lastBodyAt;
      this.textLength[k] = this.lastBodyLength;
      this.rowOf[k] = row;
    } else {
      const at = this.texts.write(JSON.stringify(input));
      this.textAt[k] = at;
      this.textLength[k] = this.texts.length - at;
      this.rowOf[k] = -1;
    }
    if (typeof prediction === 'number') {
      this.numbers[k] = prediction;
      this.other[k] = 0;
    } else {
      this.numbers[k] = NaN;
      this.other[k] = 1;
      this.others.push(prediction);
    }
    return k * this.width;
  }

  /**
   * The batch, copied into one buffer (the only one to transfer) from `bufferFor` (at least the
   * bytes asked; by default a new one of that size), and the builder emptied for the next batch:
   * its arrays are kept, so no prediction allocates and a batch at most once.
   */
  seal(bufferFor: (bytes: number) => ArrayBuffer = newBuffer): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const n = this.n;
    const w = this.width;
    const ids = this.ids.length;
    const texts = this.texts.length;
    // Eight-byte values first, then four-byte, then bytes: each view stays aligned.
    const buffer = bufferFor(n * 8 * 4 + n * w * 4 + n * 4 * 4 + n + ids + texts);
    let at = 0;
    const take = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(from: T, count: number, make: new (b: ArrayBuffer, at: number, n: number) => T): T => {
      const view = new make(buffer, at, count);
      view.set(from.subarray(0, count));
      at += count * view.BYTES_PER_ELEMENT;
      return view;
    };
    const ts = take(this.ts, n, Float64Array);
    const latencyUs = take(this.latencyUs, n, Float64Array);
    const numbers = take(this.numbers, n, Float64Array);
    const idCounter = take(this.idCounter, n, Float64Array);
    const codes = take(this.codes, n * w, Float32Array);
    const idEnd = take(this.idEnd, n, Int32Array);
    const textAt = take(this.textAt, n, Int32Array);
    const textLength = take(this.textLength, n, Int32Array);
    const rowOf = take(this.rowOf, n, Int32Array);
    const other = take(this.other, n, Uint8Array);
    const idBytes = new Uint8Array(buffer, at, ids);
    this.ids.copyInto(idBytes, 0);
    at += ids;
    const textBytes = new Uint8Array(buffer, at, texts);
    this.texts.copyInto(textBytes, 0);
    const batch: PackedBatch = { source: this.source, n, idBytes, idEnd, idCounter, idPrefix: this.madeBy?.prefix ?? '', ts, latencyUs, codes, textBytes, textAt, textLength, rowOf, numbers, other, others: this.others };
    this.reset();
    return { batch, transfer: [buffer] };
  }

  /** Empty, for the next batch (what was added and not sealed is forgotten). */
  reset(): void {
    this.n = 0;
    this.ids.reset();
    this.texts.reset();
    if (this.others.length > 0) this.others = [];
    this.lastBody = null;
  }
}

/**
 * The answers and ids of a packed batch as the log writes them (on the log's thread); its rows
 * are parsed only when asked (`input`): the writer reads most of them from their text.
 */
export function unpackBatch(p: PackedBatch): LogBatch {
  const idBytes = Buffer.from(p.idBytes.buffer, p.idBytes.byteOffset, p.idBytes.byteLength);
  const texts = Buffer.from(p.textBytes.buffer, p.textBytes.byteOffset, p.textBytes.byteLength);
  const predictions = new Array<unknown>(p.n);
  let o = 0;
  for (let k = 0; k < p.n; k++) predictions[k] = p.other[k] === 1 ? p.others[o++] : p.numbers[k];
  const id = (k: number): string => {
    const c = p.idCounter[k];
    return c >= 0 ? predictionId(p.idPrefix, c) : idBytes.toString('utf8', k === 0 ? 0 : p.idEnd[k - 1], p.idEnd[k]);
  };
  let lastAt = -1;
  let lastRows: unknown[] = [];
  const input = (k: number): unknown => {
    const at = p.textAt[k];
    if (p.rowOf[k] < 0) return JSON.parse(texts.toString('utf8', at, at + p.textLength[k]));
    // A request's rows share its body: parsed once.
    if (at !== lastAt) {
      lastRows = (JSON.parse(texts.toString('utf8', at, at + p.textLength[k])) as { rows: unknown[] }).rows;
      lastAt = at;
    }
    return lastRows[p.rowOf[k]];
  };
  return { source: p.source, n: p.n, id, idCounter: p.idCounter, idPrefix: p.idPrefix, ts: p.ts, latencyUs: p.latencyUs, codes: p.codes, input, texts, textAt: p.textAt, textLength: p.textLength, rowOf: p.rowOf, predictions };
}
