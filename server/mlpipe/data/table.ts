/**
 * In-memory columnar tables: what the data readers produce and the feature engine consumes.
 * Types only; one implementation of the typing rules lives in `values.ts`.
 */

/** Inferred column type: integer when every non-missing value matches -?[0-9]+, number when every one is a number, else string. */
export type ColumnType = 'integer' | 'number' | 'string';

export interface NumericColumn {
  name: string;
  type: 'integer' | 'number';
  /** Missing values are NaN. */
  values: Float64Array;
  missing: number;
  /** Two distinct integers of the column that are one double (`IntegerCollisions`); absent when none. */
  collision?: readonly [string, string];
}

export interface StringColumn {
  name: string;
  type: 'string';
  /** Missing values are null. */
  values: Array<string | null>;
  missing: number;
}

export type Column = NumericColumn | StringColumn;

export interface Table {
  /** Table name (the `data` block's name). */
  name: string;
  /** Path the table was read from, for error messages. */
  source: string;
  rowCount: number;
  /** Columns in header order. */
  columns: Column[];
  /** 1-based source line where each row starts (CSV only), for error messages. */
  lines?: Uint32Array;
}

export function getColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}
