/**
 * Predictions on their way to the log as flat columns: what the serving thread fills per
 * request (no per-prediction object but the request row it already has) and posts to the log's
 * thread with its typed arrays transferred, not cloned. The drift values are codes
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

/** A batch being filled, up to `capacity` predictions. */
export class LogBatchBuilder {
  readonly width: number;
  n = 0;
  readonly ids: string[] = [];
  readonly ts: Float64Array;
  readonly latencyUs: Float64Array;
  readonly codes: Float32Array;
  readonly inputs: unknown[] = [];
  readonly predictions: unknown[] = [];

  constructor(
    readonly source: LogSource,
    readonly capacity: number,
  ) {
    this.width = source.names.length;
    this.ts = new Float64Array(capacity);
    this.latencyUs = new Float64Array(capacity);
    this.codes = new Float32Array(capacity * this.width);
  }

  get full(): boolean {
    return this.n >= this.capacity;
  }

  /** Adds one prediction; returns where its codes go in `codes` (the caller writes them). */
  add(id: string, ts: number, latencyUs: number, input: unknown, prediction: unknown): number {
    const k = this.n++;
    this.ids.push(id);
    this.ts[k] = ts;
    this.latencyUs[k] = latencyUs;
    this.inputs.push(input);
    this.predictions.push(prediction);
    return k * this.width;
  }

  /** The batch, and the buffers to transfer with it. */
  seal(): { batch: LogBatch; transfer: ArrayBuffer[] } {
    const batch: LogBatch = {
      source: this.source,
      n: this.n,
      ids: this.ids,
      ts: this.ts,
      latencyUs: this.latencyUs,
      codes: this.codes,
      inputs: this.inputs,
      predictions: this.predictions,
    };
    return { batch, transfer: [this.ts.buffer as ArrayBuffer, this.latencyUs.buffer as ArrayBuffer, this.codes.buffer as ArrayBuffer] };
  }
}
