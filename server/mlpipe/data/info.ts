import type { StrayCells } from './strays.js';
import type { TimeVerdict } from './timeVerdict.js';
import type { ColumnType } from './table.js';
import type { DataFormat } from '../language/keywords.js';

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
  /**
   * Of a sampled file: these facts are over every row (`DataInfo.wholeFile` read the column), so
   * its type and distinct values are the engine's, not the sample's (a target's class past the
   * sample). Absent for a column of the sample only, and for every column of a file read whole.
   */
  whole?: true;
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
  /**
   * Of a CSV file whose bytes are not `pinned` (a `version`): the line ends it had when pinned,
   * when converting its own (CR LF to LF, or LF to CR LF) gives back the pinned bytes; else
   * undefined. Read on first ask, only then (a `repro/data-changed` to explain).
   */
  lineEndsWhenPinned?: (pinned: string) => 'LF' | 'CRLF' | undefined;
  /** File size in bytes. */
  size?: number;
  format?: DataFormat;
  /** Rows read (all rows unless `sampled`). */
  rowsRead?: number;
  /** True when only a prefix of the file was read (the file is larger than the sample limit). */
  sampled?: boolean;
  columns?: ColumnInfo[];
  /**
   * A Parquet file's columns that are not read and so are not among `columns` (`UnreadColumn`):
   * the checker names them when the pipeline does, instead of 'no column', and the hover lists them.
   */
  unread?: ReadonlyArray<UnreadColumn>;
  /**
   * Cell values of the rows read, by column name, as canonical keys (`data/keys.ts`: numbers
   * of a numeric column as the engine prints them, so '007' is '7'); null is missing. The
   * checker reads these for key uniqueness, the split and `skew/unseen-category`.
   */
  values?: (column: string) => ReadonlyArray<string | null> | undefined;
  /**
   * For a sampled file: the split's columns (key and time) and the target over every row of the
   * file, as canonical keys typed by the whole file, so the checker's split is the engine's split
   * of the file, not of the sample; their facts replace the sample's in `columns` (`whole`).
   * Absent when the whole file was read (`values` covers it).
   */
  wholeFile?: {
    rows: number;
    values: (column: string) => ReadonlyArray<string | null> | undefined;
    /** The facts of the columns `values` holds, over every row (each marked `whole`). */
    columns?: readonly ColumnInfo[];
    /**
     * The time verdict of a column judged as the file streamed past, its cells not kept (a
     * history table's time column: only the verdict is needed of it); undefined for others.
     */
    timeVerdict?: (column: string, integer: boolean) => TimeVerdict | undefined;
  };
}

/**
 * The words for a file that differs from a recorded hash only in its line ends (`was`: what
 * they were then), after "has changed since it was pinned" or "no longer matches the data this
 * run used": the checker's `repro/data-changed` and a reproduction's refusal say it alike.
 */
export function lineEndsOnlyWords(was: 'LF' | 'CRLF', then: string): string {
  return `in its line ends only (${was === 'LF' ? 'CRLF now, LF' : 'LF now, CRLF'} ${then}: git's core.autocrlf or an editor converted them)`;
}

/**
 * A Parquet column mlpipe leaves out of the table, by `kind`: a nested one ('list', 'map',
 * 'struct': a cell holds many values) or a 'binary' one (bytes with no STRING annotation: bytes
 * are not text, and read as text two values that are not UTF-8 became one, a NUL passed where
 * a CSV with one is refused).
 */
export interface UnreadColumn {
  name: string;
  kind: 'list' | 'map' | 'struct' | 'binary';
}

/** What a left-out column is and what to write instead, in the checker's words. */
export function unreadText(c: UnreadColumn): string {
  return c.kind === 'binary'
    ? 'a binary Parquet column (bytes with no STRING annotation), which mlpipe does not read: its values are bytes, not text; if it holds text, write it as a string column'
    : `a nested Parquet column (a ${c.kind}), which mlpipe does not read: a cell must hold one value; write its fields or elements as columns of their own`;
}

/** The hover's line on a file's left-out columns, nested and binary each said once. */
export function unreadSummary(unread: readonly UnreadColumn[]): string | undefined {
  const list = (cs: readonly UnreadColumn[]) => cs.map((n) => `\`${n.name}\` (${n.kind})`).join(', ');
  const nested = unread.filter((c) => c.kind !== 'binary');
  const binary = unread.filter((c) => c.kind === 'binary');
  const parts = [
    ...(nested.length ? [`${list(nested)}, nested Parquet column${nested.length === 1 ? '' : 's'}: a cell must hold one value.`] : []),
    ...(binary.length ? [`${list(binary)}, binary Parquet column${binary.length === 1 ? '' : 's'} (no STRING annotation): bytes, not text.`] : []),
  ];
  return parts.length ? `Not read: ${parts.join(' ')}` : undefined;
}
