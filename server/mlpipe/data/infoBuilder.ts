import { DISTINCT_CAP, type ColumnInfo, type DataInfo } from './info.js';
import type { ColumnType } from './table.js';
import { cellKey, IntegerCollisions, joinKey } from './keys.js';
import { batchRows } from './rowBatches.js';
import { strayCells } from './strays.js';
import { isIntegerText, isMissing, TypeTracker } from './values.js';

/**
 * Builds the checker's view of a table (`DataInfo`) from rows of cell text as they are read.
 * Pure: the inspector does the reading and supplies path, hash and size.
 */
export class InfoBuilder {
  private readonly types: TypeTracker[];
  private readonly missing: number[];
  /**
   * Each column's distinct texts up to DISTINCT_CAP, each mapped to itself: a cell whose text is
   * one of them is kept as that one copy (a category column of a 32 MiB sample held a string per
   * cell, hundreds of thousands of copies of a few values).
   */
  private readonly distinct: Array<Map<string, string>>;
  private readonly cells: Array<Array<string | null>>;
  private readonly collisions: IntegerCollisions[];
  private rows = 0;
  private readonly batch: number;

  constructor(readonly header: ReadonlyArray<string>) {
    this.batch = batchRows(header.length);
    this.types = header.map(() => new TypeTracker());
    this.missing = header.map(() => 0);
    this.distinct = header.map(() => new Map<string, string>());
    this.cells = header.map(() => []);
    this.collisions = header.map(() => new IntegerCollisions());
  }

  /**
   * Rows not yet added to the columns. They are added a batch at a time, column by column: row by
   * row, each cell touched another column's map and array, and a wide file (784 pixel columns,
   * 10,000 gene columns) spent most of its check waiting on memory.
   */
  private pending: Array<ReadonlyArray<string | null>> = [];

  /** One row of cells in header order; null (or missing text) is a missing cell. */
  addRow(fields: ReadonlyArray<string | null>): void {
    if (this.batch === 1) {
      for (let c = 0; c < this.header.length; c++) this.add(c, fields[c] ?? null);
      this.rows++;
      return;
    }
    this.pending.push(fields);
    if (this.pending.length === this.batch) this.flush();
  }

  get rowCount(): number {
    return this.rows + this.pending.length;
  }

  private flush(): void {
    const rows = this.pending;
    if (rows.length === 0) return;
    for (let c = 0; c < this.header.length; c++) for (let r = 0; r < rows.length; r++) this.add(c, rows[r]![c] ?? null);
    this.rows += rows.length;
    this.pending.length = 0;
  }

  /** One cell of column `c`. */
  private add(c: number, raw: string | null): void {
    if (raw === null || isMissing(raw)) {
      this.cells[c]!.push(null);
      this.missing[c]!++;
      return;
    }
    const seen = this.distinct[c]!;
    const known = seen.get(raw);
    // A text seen before has been typed and looked at for collisions already: the same text
    // gives the same answers.
    if (known !== undefined) {
      this.cells[c]!.push(known);
      return;
    }
    this.cells[c]!.push(raw);
    if (seen.size <= DISTINCT_CAP) seen.set(raw, raw);
    this.types[c]!.add(raw);
    // Only long integer texts are looked at (a cheap length test first).
    if (raw.length >= 16 && isIntegerText(raw)) this.collisions[c]!.add(raw, Number(raw));
  }

  /** The finished info; `base` carries what only the reader knows. */
  finish(base: Omit<DataInfo, 'status' | 'rowsRead' | 'columns' | 'values'>): DataInfo {
    this.flush();
    const columns: ColumnInfo[] = this.header.map((name, c) => {
      // A column with no value at all is numeric, as the loader's column builder stores it.
      const type = this.types[c]!.type ?? 'number';
      const info: ColumnInfo = { name, missing: this.missing[c]!, distinct: distinctValues(this.distinct[c]!, type), type };
      const collision = info.type === 'integer' ? this.collisions[c]!.first : undefined;
      if (collision) info.collision = collision;
      const strays = info.type === 'string' ? strayCells(this.cells[c]!) : undefined;
      if (strays) info.strays = strays;
      return info;
    });
    return { ...base, status: 'ok', rowsRead: this.rows, columns, values: keyedCells(this.header, this.cells, columns) };
  }
}

/**
 * A table's cells by column name as canonical keys (`keys.ts`: as the engine keys the typed
 * column), each column keyed on first ask. `columns` gives each column's type; one without a
 * type keeps its text.
 */
export function keyedCells(
  header: ReadonlyArray<string>,
  cells: ReadonlyArray<ReadonlyArray<string | null>>,
  columns: ReadonlyArray<Pick<ColumnInfo, 'name' | 'type'>>,
): NonNullable<DataInfo['values']> {
  const index = new Map(header.map((name, c) => [name, c] as const));
  const types = new Map(columns.map((c) => [c.name, c.type] as const));
  const keyed = new Map<number, ReadonlyArray<string | null>>();
  return (column) => {
    const c = index.get(column);
    if (c === undefined) return undefined;
    let out = keyed.get(c);
    if (!out) {
      const type = types.get(column);
      out = type === 'string' || type === undefined ? cells[c]! : cells[c]!.map((v) => cellKey(v, type));
      keyed.set(c, out);
    }
    return out;
  };
}

/**
 * Distinct values as the engine counts them: a numeric column's cells by their number ('1',
 * '01' and '1.0' are one value, as the loaded column holds them), so a target of '1' and '01'
 * is one class to the checker as to the runner. Integers beyond 2^53 keep their digits, as
 * `joinKey` keeps them (two IDs that one double would merge are the collision's own warning).
 * Past the cap the count stays capped.
 */
function distinctValues(texts: ReadonlyMap<string, string>, type: ColumnType): number {
  if (type === 'string' || texts.size > DISTINCT_CAP) return texts.size;
  // joinKey of a number text is String(Number(text)), one string per double: the doubles are
  // counted instead of building the strings. Only an integer text beyond 2^53 keys by its
  // digits, and those digits may still be one double's key.
  const numbers = new Set<number>();
  let digits: Set<string> | undefined;
  for (const t of texts.keys()) {
    const n = Number(t);
    if (Number.isSafeInteger(n) || !isIntegerText(t)) numbers.add(n);
    else {
      const key = joinKey(t)!;
      if (String(n) === key) numbers.add(n);
      else (digits ??= new Set()).add(key);
    }
  }
  return numbers.size + (digits?.size ?? 0);
}
