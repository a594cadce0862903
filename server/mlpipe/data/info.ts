import type { StrayCells } from './strays.js';
import type { ColumnType } from './table.js';

/**
 * What the checker knows about a data source. Produced by the backend's inspector
 * (`server/backend/data/inspect.ts`), which does the I/O; the checker only reads it.
 */
export interface ColumnInfo {
  name: string;
  /** Absent when the column has no non-missing value in the rows read. */
  type?: ColumnType;
  /** Missing values among the rows read. */
  missing: number;
  /** Distinct non-missing values among the rows read (capped at `DISTINCT_CAP` + 1). */
  distinct: number;
  /** A text column that also holds numbers: its cells that are not numbers (`strayCells`, over the rows read). Absent otherwise. */
  strays?: StrayCells;
  /** An integer column's first two distinct values that are one double (`IntegerCollisions`). */
  collision?: readonly [string, string];
}

export const DISTINCT_CAP = 1000;

export type DataStatus =
  /** The file was read (wholly or a prefix sample). */
  | 'ok'
  /** The path names no file. */
  | 'missing'
  /** A URL or glob: no single file version; no data-aware checks. */
  | 'mutable'
  /** The file exists but could not be read or parsed; `error` says why. */
  | 'unreadable';

export interface DataInfo {
  status: DataStatus;
  /** Absolute path that was examined. */
  path: string;
  /**
   * Why an `unreadable` file cannot be read, without its name (`line 3: …`): whoever shows it
   * names the file as the user wrote it, not by this absolute path.
   */
  error?: string;
  /** `sha256:<hex>` of the file's raw bytes (always the whole file). */
  hash?: string;
  /** File size in bytes. */
  size?: number;
  format?: 'csv' | 'parquet';
  /** Rows read (all rows unless `sampled`). */
  rowsRead?: number;
  /** True when only a prefix of the file was read (the file is larger than the sample limit). */
  sampled?: boolean;
  columns?: ColumnInfo[];
  /**
   * A Parquet file's nested columns (list, map, struct: `kind`), which are not read and so are
   * not among `columns`: the checker names them when the pipeline does, instead of 'no column'.
   */
  nested?: ReadonlyArray<{ name: string; kind: string }>;
  /**
   * Cell values of the rows read, by column name, as canonical keys (`data/keys.ts`: numbers
   * of a numeric column as the engine prints them, so '007' is '7'); null is missing. The
   * checker reads these for key uniqueness, the split and `skew/unseen-category`.
   */
  values?: (column: string) => ReadonlyArray<string | null> | undefined;
  /**
   * For a sampled file: the split's columns (key and time) over every row of the file, as
   * canonical keys typed by the whole file, so the checker's split is the engine's split of
   * the file, not of the sample. Absent when the whole file was read (`values` covers it).
   */
  wholeFile?: { rows: number; values: (column: string) => ReadonlyArray<string | null> | undefined };
}
