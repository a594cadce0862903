/**
 * The last `window` predictions of the served model version as drift reads them, kept in memory
 * on the log's thread as each batch is committed, so a scheduled evaluation reads nothing back
 * from SQLite (reading and decoding the window was about as much of that thread's time as all
 * the inserts). A target's values are what `valuesOf` gives for the same rows read back: a
 * number column holds the float32 codes widened to doubles (NaN for missing, which the drift
 * summaries skip as they skip null), a category column the decoded categories, the prediction
 * what `predictedOf` reads from the answer. After a restart the ring is refilled once from the
 * store. It holds what this server logged (and the refill): another process serving the same
 * version into the same file is seen by the on-demand reads (`GET /drift`), not here.
 */
import { categoryBins, countedSummary, type CurrentSummary, type ReferenceProfile } from '../../mlpipe/drift/index.js';
import { categoryKey } from '../../mlpipe/drift/profile.js';
import type { LogBatch } from '../serve/logBatch.js';
import type { LoggedRow } from '../serve/log.js';
import { predictionId } from '../serve/predictionIds.js';
import { PREDICTION, predictedOf, UNSEEN, type MonitoredValue } from './values.js';

/**
 * A category column's values as codes (`FeatureReader.code`: k is the k-th category, -1 UNSEEN,
 * NaN missing), and codes past the categories for what a refill read back that no code names.
 */
interface Categories {
  /** The value of code k (index k + 1; index 0 is UNSEEN, code -1). */
  readonly values: MonitoredValue[];
  /** A value's code by its `categoryKey`, made at the first refill value no code names. */
  byKey: Map<string, number> | null;
  /** Code (+1) to profile bin, for the profile it was made for, while no code was added. */
  bins: Int32Array | null;
  binsFor: ReferenceProfile | null;
}

/** Where a target's values come from in a coded batch. */
interface Column {
  target: string;
  /** Index into the batch's coded names; -1 for the prediction, -2 for a target no code carries. */
  code: number;
  /** A coded category column's codes; null for numbers and for values kept as they are. */
  categories: Categories | null;
  /** Numbers or category codes (NaN: missing), or values. */
  ring: Float64Array | MonitoredValue[];
}

/** A predicted number as the log's JSON text gives it back: -0 reads as 0 (NaN and infinities as null, which the summaries skip as they skip NaN). */
const asLogged = (v: MonitoredValue): MonitoredValue => (v === 0 ? 0 : v);

export class DriftWindow {
  /** Predictions held (at most `size`). */
  filled = 0;
  /** Ring slot of the next prediction. */
  private next = 0;
  private readonly columns: Column[];
  private readonly byTarget = new Map<string, Column>();
  private readonly ts: Float64Array;
  private readonly seq: Float64Array;
  /**
   * Per slot: a counter id's counter and its writer's prefix in `idText` (the batch's `idCounter`,
   * `idPrefix`), or -1 and the id: the id's string is made only if quality asks for it.
   */
  private readonly idCounter: Float64Array;
  private readonly idText: string[];
  private readonly answers: unknown[];

  /**
   * `names`/`categories` are the coded values' (`LogSource`); `numericPrediction` is false for
   * a multiclass label.
   */
  constructor(
    readonly size: number,
    targets: readonly string[],
    names: readonly string[],
    categories: ReadonlyArray<readonly string[] | null>,
    numericPrediction: boolean,
  ) {
    this.columns = [...new Set(targets)].map((target) => {
      const at = names.indexOf(target);
      const code = target === PREDICTION ? -1 : at >= 0 ? at : -2;
      const cats = code >= 0 ? categories[code] : null;
      const numeric = code >= 0 || (code === -1 && numericPrediction);
      const coded: Categories | null = cats === null ? null : { values: [UNSEEN, ...cats], byKey: null, bins: null, binsFor: null };
      const column: Column = { target, code, categories: coded, ring: numeric ? new Float64Array(size) : new Array<MonitoredValue>(size).fill(null) };
      this.byTarget.set(target, column);
      return column;
    });
    this.ts = new Float64Array(size);
    this.seq = new Float64Array(size);
    this.idCounter = new Float64Array(size);
    this.idText = new Array<string>(size).fill('');
    this.answers = new Array<unknown>(size).fill(null);
  }

  /**
   * Adds a committed batch's rows `from` up to `to` (all of them by default); `firstSeq` is its
   * first row's seq (a batch's rows are consecutive).
   */
  add(b: LogBatch, firstSeq: number, from = 0, to = b.n): void {
    const w = b.source.names.length;
    // Only the last `size` rows of a larger batch can stay.
    for (let k = Math.max(from, to - this.size); k < to; k++) {
      const slot = this.next;
      for (const c of this.columns) {
        if (c.code === -1) this.put(c, slot, asLogged(predictedOf(b.predictions[k])));
        else if (c.code === -2) this.put(c, slot, null);
        // A category's code is kept as it is: counted by code at a check, its string never made.
        else (c.ring as Float64Array)[slot] = b.codes[k * w + c.code];
      }
      const c = b.idCounter[k];
      this.stamp(slot, b.ts[k], firstSeq + k, c, c >= 0 ? b.idPrefix : b.id(k), b.predictions[k]);
    }
  }

  /** Adds rows read back from the store (the refill after a restart), oldest first. */
  addRows(rows: readonly LoggedRow[]): void {
    for (const r of rows.slice(-this.size)) {
      const slot = this.next;
      for (const c of this.columns) {
        const v = c.target === PREDICTION ? r.predicted : r.features[c.target];
        this.put(c, slot, v === undefined ? null : v);
      }
      this.stamp(slot, r.ts, r.seq, -1, r.id, r.prediction);
    }
  }

  private put(c: Column, slot: number, v: MonitoredValue): void {
    if (c.categories) c.ring[slot] = codeOf(c.categories, v);
    else if (c.ring instanceof Float64Array) c.ring[slot] = typeof v === 'number' ? v : NaN;
    else c.ring[slot] = v;
  }

  private stamp(slot: number, ts: number, seq: number, idCounter: number, idText: string, answer: unknown): void {
    this.ts[slot] = ts;
    this.seq[slot] = seq;
    this.idCounter[slot] = idCounter;
    this.idText[slot] = idText;
    this.answers[slot] = answer;
    this.next = (slot + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** Forgets the oldest predictions stamped before `ts` (the log's retention pruned them). */
  prune(ts: number): void {
    while (this.filled > 0 && this.ts[this.first] < ts) this.filled--;
  }

  /** Ring slot of the oldest prediction held. */
  private get first(): number {
    return (this.next - this.filled + this.size) % this.size;
  }

  /**
   * A target's values, oldest first, as `valuesOf` gives them for the same rows. When the oldest
   * is in slot 0 (a full window checked every `size` predictions always is) this is the ring
   * itself, not a copy: read it before the next `add`, never write it. Copying four targets'
   * rings at every check (a new array, two subarray views, two sets) cost the log thread about
   * as much as presentNumbers' own copy, which every summary makes anyway.
   */
  values(target: string): ArrayLike<MonitoredValue> {
    const c = this.byTarget.get(target);
    const n = this.filled;
    if (!c) return new Array<MonitoredValue>(n).fill(null);
    const start = this.first;
    const ring = c.ring;
    if (c.categories) {
      const values = c.categories.values;
      const codes = ring as Float64Array;
      const out = new Array<MonitoredValue>(n);
      for (let i = 0, at = start; i < n; i++, at = at + 1 === this.size ? 0 : at + 1) out[i] = codes[at] !== codes[at] ? null : values[codes[at] + 1];
      return out;
    }
    if (start === 0 && n === this.size) return ring as ArrayLike<MonitoredValue>;
    if (ring instanceof Float64Array) {
      const out = new Float64Array(n);
      for (let i = 0, at = start; i < n; i++, at = at + 1 === this.size ? 0 : at + 1) out[i] = ring[at];
      return out as unknown as ArrayLike<MonitoredValue>;
    }
    const out = new Array<MonitoredValue>(n);
    for (let i = 0, at = start; i < n; i++, at = at + 1 === this.size ? 0 : at + 1) out[i] = ring[at];
    return out;
  }

  /**
   * A coded category target's summary against a categorical profile: what `summarize` gives for
   * its `values`, counted by code, each code mapped to its profile bin once (not each value to
   * its string, then its bin). Null for any other target: read its `values`.
   */
  summary(target: string, profile: ReferenceProfile): CurrentSummary | null {
    const c = this.byTarget.get(target);
    if (!c?.categories || profile.kind !== 'categorical') return null;
    const cats = c.categories;
    if (cats.binsFor !== profile || cats.bins!.length !== cats.values.length) {
      const bin = categoryBins(profile);
      cats.bins = Int32Array.from(cats.values, (v) => bin(categoryKey(v)!));
      cats.binsFor = profile;
    }
    const bins = cats.bins!;
    const codes = c.ring as Float64Array;
    const counts = new Array<number>(profile.categories.length + 1).fill(0);
    let count = 0;
    // Counts do not depend on order: the held slots as they lie in the ring.
    const start = this.first;
    for (let i = 0, at = start; i < this.filled; i++, at = at + 1 === this.size ? 0 : at + 1) {
      const code = codes[at];
      if (code !== code) continue;
      count++;
      counts[bins[code + 1]]++;
    }
    return countedSummary(counts, count);
  }

  /** What the quality metrics need: the first row's seq, and every row's id and answer, oldest first. */
  rows(): { firstSeq: number; ids: string[]; answers: unknown[] } {
    const n = this.filled;
    const start = this.first;
    const head = Math.min(n, this.size - start);
    const ids = new Array<string>(n);
    for (let i = 0, at = start; i < n; i++, at = at + 1 === this.size ? 0 : at + 1) {
      const c = this.idCounter[at];
      ids[i] = c >= 0 ? predictionId(this.idText[at], c) : this.idText[at];
    }
    return {
      firstSeq: this.seq[start],
      ids,
      answers: [...this.answers.slice(start, start + head), ...this.answers.slice(0, n - head)],
    };
  }
}

/** A value read back (the refill) as its category code: NaN for a missing one, past the categories for one no code names. */
function codeOf(cats: Categories, v: MonitoredValue): number {
  const key = categoryKey(v);
  if (key === null) return NaN;
  if (!cats.byKey) {
    cats.byKey = new Map();
    // The first code of a key wins, as the first reference category of a key does.
    for (let i = cats.values.length - 1; i >= 0; i--) cats.byKey.set(categoryKey(cats.values[i])!, i - 1);
  }
  let code = cats.byKey.get(key);
  if (code === undefined) {
    code = cats.values.length - 1;
    cats.values.push(v);
    cats.byKey.set(key, code);
  }
  return code;
}
