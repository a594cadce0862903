/**
 * Predictions on their way to the log. The serving thread fills a `LogBatchBuilder` per
 * request with no per-prediction object: numbers go into typed arrays, the ids into one
 * string, and a request row as the JSON text it arrived in (the body's own text, shared by
 * its rows) or, when the row was built by the server (CSV, MLflow's shapes), its JSON. The
 * sealed batch (`PackedBatch`) crosses to the log's thread as a few transferred buffers and two
 * strings: structured clone of one object per request row was the serving thread's largest
 * item after the socket writes in a profile under load. The log's thread unpacks it
 * (`unpackBatch`) into a `LogBatch`, parsing the rows there. The drift values are codes
 * (`FeatureReader.code`), stored as they are: a float32 blob per prediction.
 */

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
  ids: string[];
  /** ms since epoch, per prediction. */
  ts: Float64Array;
  latencyUs: Float64Array;
  /** `source.names.length` codes per prediction. */
  codes: Float32Array;
  /** The request rows as received. */
  inputs: unknown[];
  /** The answers as the API gave them. */
  predictions: unknown[];
}

/** A batch as it crosses threads: typed arrays (transferred) and two strings. */
export interface PackedBatch {
  source: LogSource;
  n: number;
  /** The ids, each followed by '\n'. */
  ids: string;
  ts: Float64Array;
  latencyUs: Float64Array;
  codes: Float32Array;
  /** JSON texts the rows are read from, one after another. */
  texts: string;
  /** Per prediction: where its text starts in `texts`, and its length (UTF-16 units). */
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

/** Characters of row text after which a batch takes no more (a string holds at most about 2^29). */
const TEXT_BUDGET = 1 << 24;

/** A batch being filled, up to `capacity` predictions. */
export class LogBatchBuilder {
  readonly width: number;
  n = 0;
  private ids = '';
  readonly ts: Float64Array;
  readonly latencyUs: Float64Array;
  readonly codes: Float32Array;
  private texts = '';
  private readonly textAt: Int32Array;
  private readonly textLength: Int32Array;
  private readonly rowOf: Int32Array;
  private readonly numbers: Float64Array;
  private readonly other: Uint8Array;
  private readonly others: unknown[] = [];
  /** The body text last appended, and where: its other rows point at the same text. */
  private lastBody: string | null = null;
  private lastBodyAt = 0;

  constructor(
    readonly source: LogSource,
    readonly capacity: number,
  ) {
    this.width = source.names.length;
    this.ts = new Float64Array(capacity);
    this.latencyUs = new Float64Array(capacity);
    this.codes = new Float32Array(capacity * this.width);
    this.textAt = new Int32Array(capacity);
    this.textLength = new Int32Array(capacity);
    this.rowOf = new Int32Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.other = new Uint8Array(capacity);
  }

  /** Full at `capacity` predictions, or past TEXT_BUDGET characters of text (large bodies). */
  get full(): boolean {
    return this.n >= this.capacity || this.texts.length >= TEXT_BUDGET;
  }

  /**
   * Adds one prediction; returns where its codes go in `codes` (the caller writes them). With
   * `body`, the input is `JSON.parse(body).rows[row]` and is read from that text, not kept;
   * without, it is written as its JSON (a request row: strings, finite numbers, booleans, null).
   * An id holds no line break.
   */
  add(id: string, ts: number, latencyUs: number, input: unknown, prediction: unknown, body?: string, row = 0): number {
    const k = this.n++;
    this.ids += id + '\n';
    this.ts[k] = ts;
    this.latencyUs[k] = latencyUs;
    if (body !== undefined) {
      if (body !== this.lastBody) {
        this.lastBody = body;
        this.lastBodyAt = this.texts.length;
        this.texts += body;
      }
      this.textAt[k] = this.lastBodyAt;
      this.textLength[k] = body.length;
      this.rowOf[k] = row;
    } else {
      const text = JSON.stringify(input);
      this.textAt[k] = this.texts.length;
      this.textLength[k] = text.length;
      this.rowOf[k] = -1;
      this.texts += text;
    }
    if (typeof prediction === 'number') this.numbers[k] = prediction;
    else {
      this.numbers[k] = NaN;
      this.other[k] = 1;
      this.others.push(prediction);
    }
    return k * this.width;
  }

  /** The batch, and the buffers to transfer with it. */
  seal(): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const batch: PackedBatch = {
      source: this.source,
      n: this.n,
      ids: this.ids,
      ts: this.ts,
      latencyUs: this.latencyUs,
      codes: this.codes,
      texts: this.texts,
      textAt: this.textAt,
      textLength: this.textLength,
      rowOf: this.rowOf,
      numbers: this.numbers,
      other: this.other,
      others: this.others,
    };
    const transfer = [this.ts, this.latencyUs, this.codes, this.textAt, this.textLength, this.rowOf, this.numbers, this.other].map((a) => a.buffer as ArrayBuffer);
    return { batch, transfer };
  }
}

/** The rows, answers and ids of a packed batch as the log writes them (on the log's thread). */
export function unpackBatch(p: PackedBatch): LogBatch {
  const ids = p.ids.split('\n', p.n);
  const inputs = new Array<unknown>(p.n);
  const predictions = new Array<unknown>(p.n);
  let lastAt = -1;
  let lastRows: unknown[] = [];
  let o = 0;
  for (let k = 0; k < p.n; k++) {
    const at = p.textAt[k];
    if (p.rowOf[k] < 0) inputs[k] = JSON.parse(p.texts.slice(at, at + p.textLength[k]));
    else {
      // A request's rows share its body: parsed once.
      if (at !== lastAt) {
        lastRows = (JSON.parse(p.texts.slice(at, at + p.textLength[k])) as { rows: unknown[] }).rows;
        lastAt = at;
      }
      inputs[k] = lastRows[p.rowOf[k]];
    }
    predictions[k] = p.other[k] === 1 ? p.others[o++] : p.numbers[k];
  }
  return { source: p.source, n: p.n, ids, ts: p.ts, latencyUs: p.latencyUs, codes: p.codes, inputs, predictions };
}
