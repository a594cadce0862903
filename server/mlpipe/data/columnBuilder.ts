import type { Column } from './table.js';
import { IntegerCollisions } from './keys.js';
import { batchRows } from './rowBatches.js';
import { DECIMAL_TEXT, isMissing, NOT_A_NUMBER, numberKind } from './values.js';

/**
 * Turns a stream of cell texts into typed columns (the typing rule of `values.ts`) without
 * keeping every cell's text: a column is assumed numeric and stored straight into a
 * Float64Array until its first non-number. Then it turns to text; the texts of the earlier
 * rows are gone, so the reader is asked to supply them in a second pass (`textNeeded`).
 * Most text columns turn on their first row, which needs no second pass.
 */
class ColumnState {
  numeric = true;
  integer = true;
  seenValue = false;
  missing = 0;
  numbers: Float64Array;
  texts: Array<string | null> | null = null;
  /** Rows before this one still need their text (second pass). */
  textNeededBefore = 0;
  readonly collisions = new IntegerCollisions();
  /**
   * The column's distinct texts, while there are not too many: each cell then holds the one copy
   * of its text instead of its own (a category column of two million cells kept two million
   * strings, about 50 MB, for three values; an event log's key and timestamp columns repeat too).
   * Dropped at INTERN_CAP texts: a column of unique keys or free text.
   */
  private interned: Map<string, string> | null = new Map();

  constructor(capacity: number) {
    this.numbers = new Float64Array(capacity);
  }

  /** A copy of `s` of its own, or the equal text an earlier cell of the column holds. */
  shared(s: string): string {
    const interned = this.interned;
    if (interned === null) return ownCopy(s);
    const known = interned.get(s);
    if (known !== undefined) return known;
    const own = ownCopy(s);
    if (interned.size < INTERN_CAP) interned.set(own, own);
    else this.interned = null;
    return own;
  }
}

/**
 * Distinct texts a column's cells share before it is taken for unique keys or free text. The map
 * costs about 60 bytes a text; a column that repeats its texts saves far more (an event log of 6.4
 * million orders: 250,000 customer ids, 724,000 timestamps).
 */
const INTERN_CAP = 1 << 20;

/**
 * `s` with characters of its own. A cell the CSV reader cuts from a 1 MiB chunk of the file is,
 * from 13 characters on, a view of that chunk in V8: one kept timestamp per row kept the whole
 * file's text alive (an event log of 280 MB held 1 GB of heap for three columns). A JSON round
 * trip is the one copy V8 does not turn back into a view (slice, concat, join and normalize all
 * do or return the same string), and it is exact for every string, lone surrogates included.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export class ColumnBuilder {
  private readonly states: ColumnState[];
  private rows = 0;
  // A wide table zero-filled 1,024 rows of every column before reading its first row (80 MB for
  // 10,000 columns).
  private capacity = 128;
  private readonly batch: number;

  /**
   * `text`: columns kept as text whatever their cells hold: a column a model learned as text
   * ('02134' among 'A1B2') read from a batch of digits only must stay '02134', not become 2134,
   * or the batch scores another category than the request with the same cell.
   */
  constructor(
    readonly header: ReadonlyArray<string>,
    text?: ReadonlySet<string>,
  ) {
    this.batch = batchRows(header.length);
    this.states = header.map((name) => {
      const st = new ColumnState(this.capacity);
      if (text?.has(name)) {
        st.numeric = false;
        st.texts = [];
      }
      return st;
    });
  }

  get rowCount(): number {
    return this.rows + this.pending.length;
  }

  /**
   * Rows not yet stored, stored a batch at a time column by column (as `InfoBuilder` adds them):
   * row by row, a wide table's every cell went to another column's arrays.
   */
  private pending: Array<ReadonlyArray<string | null>> = [];

  /** One row of cells in header order; null is missing. */
  addRow(fields: ReadonlyArray<string | null>): void {
    if (this.batch === 1) {
      const r = this.rows;
      if (r === this.capacity) this.grow();
      for (let c = 0; c < this.states.length; c++) this.add(this.states[c]!, r, fields[c] ?? null);
      this.rows = r + 1;
      return;
    }
    this.pending.push(fields);
    if (this.pending.length === this.batch) this.flush();
  }

  private flush(): void {
    const rows = this.pending;
    if (rows.length === 0) return;
    const first = this.rows;
    while (first + rows.length > this.capacity) this.grow();
    const states = this.states;
    for (let c = 0; c < states.length; c++) {
      const st = states[c]!;
      for (let k = 0; k < rows.length; k++) this.add(st, first + k, rows[k]![c] ?? null);
    }
    this.rows = first + rows.length;
    this.pending.length = 0;
  }

  /** The cell of row `r` of one column. */
  private add(st: ColumnState, r: number, s: string | null): void {
    if (s === null || isMissing(s)) {
      st.missing++;
      if (st.numeric) st.numbers[r] = NaN;
      else st.texts!.push(null);
      return;
    }
    if (st.numeric) {
      const kind = numberKind(s);
      if (kind !== NOT_A_NUMBER) {
        const n = Number(s);
        st.numbers[r] = n;
        st.seenValue = true;
        if (kind === DECIMAL_TEXT) st.integer = false;
        else if (s.length >= 16) st.collisions.add(s, n);
        return;
      }
      this.turnToText(st, r);
    }
    st.texts!.push(st.shared(s));
  }

  private turnToText(st: ColumnState, r: number): void {
    st.numeric = false;
    // Earlier rows that were all missing need no second pass: they stay null.
    st.texts = new Array<string | null>(r).fill(null);
    if (st.seenValue) st.textNeededBefore = r;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const st of this.states) {
      if (!st.numeric) continue;
      const bigger = new Float64Array(this.capacity);
      bigger.set(st.numbers);
      st.numbers = bigger;
    }
  }

  /** Column index -> number of leading rows whose text must be supplied with `setText`. */
  textNeeded(): Map<number, number> {
    this.flush();
    const out = new Map<number, number>();
    this.states.forEach((st, c) => {
      if (st.textNeededBefore > 0) out.set(c, st.textNeededBefore);
    });
    return out;
  }

  /** Second pass: the text of column `c` at row `r` (a row before its `textNeeded` bound). */
  setText(c: number, r: number, s: string | null): void {
    const st = this.states[c]!;
    st.texts![r] = s === null || isMissing(s) ? null : st.shared(s);
  }

  /**
   * The typed columns. A column with no value at all is numeric ('number', all NaN): numeric
   * transforms and fill_missing still apply to it.
   */
  finish(): Column[] {
    this.flush();
    return this.header.map((name, c): Column => {
      const st = this.states[c]!;
      if (st.numeric) {
        const values = st.numbers.length === this.rows ? st.numbers : st.numbers.slice(0, this.rows);
        const integer = st.integer && st.seenValue;
        const collision = integer ? st.collisions.first : undefined;
        return { name, type: integer ? 'integer' : 'number', values, missing: st.missing, ...(collision ? { collision } : {}) };
      }
      return { name, type: 'string', values: st.texts!, missing: st.missing };
    });
  }
}
