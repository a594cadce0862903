import { ColumnBuilder } from '../../mlpipe/data/columnBuilder.js';
import { DataError } from '../../mlpipe/data/errors.js';
import { validateHeader } from '../../mlpipe/data/header.js';
import { getColumn, type Column, type NumericColumn, type Table } from '../../mlpipe/data/table.js';
import { isMissing, parseNumber } from '../../mlpipe/data/values.js';
import { PARQUET_NAME } from '../../mlpipe/data/formats.js';
import { streamCsv } from './csvStream.js';
import type { Stats } from 'node:fs';
import { brokenLink, closeFd, lstatPath, notAFile, openRead, readAt, readLink, statFd, statPath } from './fileCalls.js';
import { readParquetRows } from './parquet.js';
import type { DataFormat } from '../../mlpipe/language/keywords.js';

export { DataError };

export type { DataFormat };

export interface LoadOptions {
  format?: DataFormat;
  /** Path shown in error messages (e.g. as written in the pipeline); default the absolute path. */
  source?: string;
  /** Columns read as text whatever they hold (`ColumnBuilder`): those a served model learned as text. */
  text?: ReadonlySet<string>;
  /** The file has no data block (score's --input): its format is its name's, and only a new name changes it. */
  byName?: boolean;
  /** Stops a long read (an interrupted run); the error is an AbortError. */
  signal?: AbortSignal;
  /**
   * Only these columns are kept (a history table's, `historyColumns`); the others are still read
   * for the file's structure, but not typed or held. Undefined: every column.
   */
  columns?: ReadonlySet<string>;
}

/** `.parquet` / `.pq` files are Parquet unless a format is given; everything else is CSV. */
export function formatOf(path: string, format?: DataFormat): DataFormat {
  if (format !== undefined) return format;
  return PARQUET_NAME.test(path) ? 'parquet' : 'csv';
}

const PARQUET_MAGIC = 'PAR1';

/**
 * Refuses a file whose bytes say it is not the format it is read as: a Parquet file (it starts
 * with 'PAR1' and ends so) read as CSV would otherwise parse as one garbled column. The inspector and the
 * loader both call this, so the checker and the engine read a file the same way.
 */
export async function checkFormat(absPath: string, format: DataFormat, file = absPath, byName = false): Promise<void> {
  if (format !== 'csv') return;
  const fd = await openRead(absPath);
  try {
    // Parquet files start and end with the magic; a CSV whose header begins 'PAR1' does not end so.
    const { size } = await statFd(fd);
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    if (size < 8) return;
    await readAt(fd, head, 0, 4, 0);
    await readAt(fd, tail, 0, 4, size - 4);
    if (head.toString('latin1') === PARQUET_MAGIC && tail.toString('latin1') === PARQUET_MAGIC) {
      // A Parquet name read as CSV can only be a data block's 'format = csv': renaming is no advice.
      const why = byName
        ? 'give it a .parquet name (a file with no data block is read by its name)'
        : PARQUET_NAME.test(absPath)
          ? "its data block says 'format = csv': write 'format = parquet', or drop the line"
          : "add 'format = parquet' to its data block or give it a .parquet name";
      throw new DataError({ file, line: 1 }, `the file is Parquet, not CSV: ${why}`);
    }
  } finally {
    await closeFd(fd);
  }
}

/**
 * What a source path names: a regular file, nothing, or something that cannot be read as one,
 * with the reason in the words the checker (`inspectSource`) and the loader both show. A
 * symbolic link to nothing is not 'missing': the directory lists it, so the checker's "did you
 * mean" offered the very name written, and only the link's target says what to fix.
 */
export async function statSource(absPath: string): Promise<{ stats: Stats } | { missing: true } | { problem: string }> {
  try {
    const stats = await statPath(absPath);
    if (stats.isFile()) return { stats };
    if (stats.isDirectory()) return { problem: 'not a file but a folder: point source at one data file in it' };
    // Which of them, as a pipeline path that is none is named (`notAFile`): 'a pipe, a socket or
    // a device' left the user to find out which.
    return { problem: notAFile(stats) ?? 'not a regular file' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'permission denied' };
    if (code === 'ELOOP') return { problem: 'a symbolic link in a loop' };
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return { problem: (e as Error).message };
    const target = await lstatPath(absPath).then(
      (l) => (l.isSymbolicLink() ? readLink(absPath) : undefined),
      () => undefined,
    );
    return target === undefined ? { missing: true } : { problem: brokenLink(target) };
  }
}

/**
 * Reads a whole table into typed columns: numbers into Float64Array (NaN missing), text into
 * arrays (null missing). Bad input is a `DataError` with file, line and column; nothing is
 * written anywhere.
 */
export async function loadTable(name: string, absPath: string, opts: LoadOptions = {}): Promise<Table> {
  const file = opts.source ?? absPath;
  const found = await statSource(absPath);
  if ('missing' in found) throw new DataError({ file }, 'no such file');
  if ('problem' in found) throw new DataError({ file }, found.problem);
  const format = formatOf(absPath, opts.format);
  await checkFormat(absPath, format, file, opts.byName);
  if (format === 'parquet') {
    // hyparquet reads a file in one call: an interrupt takes effect when it returns.
    const table = await loadParquet(name, absPath, file, opts.text, opts.columns);
    opts.signal?.throwIfAborted();
    return table;
  }
  return loadCsv(name, absPath, file, opts.text, opts.signal, opts.columns);
}

/** The file positions of the header's columns in `keep`, in file order; undefined keeps every one. */
function keptAt(header: readonly string[], keep: ReadonlySet<string> | undefined): number[] | undefined {
  return keep && header.flatMap((h, i) => (keep.has(h) ? [i] : []));
}

async function loadCsv(name: string, absPath: string, file: string, text: ReadonlySet<string> | undefined, signal: AbortSignal | undefined, keep?: ReadonlySet<string>): Promise<Table> {
  let builder: ColumnBuilder | undefined;
  let lines = new Uint32Array(1024);
  let rows = 0;
  let at: number[] | undefined;
  const { parser } = await streamCsv(absPath, {
    file,
    onHeader: (header) => {
      validateHeader(header, file);
      at = keptAt(header, keep);
      builder = new ColumnBuilder(at ? at.map((i) => header[i]!) : header, text);
    },
    onRecord: (fields, line) => {
      if (rows === lines.length) {
        const bigger = new Uint32Array(lines.length * 2);
        bigger.set(lines);
        lines = bigger;
      }
      lines[rows++] = line;
      builder!.addRow(at ? at.map((i) => fields[i]!) : fields);
    },
  }, { signal });
  if (builder === undefined || parser.headerFields === undefined) {
    throw new DataError({ file }, 'the file is empty: expected a header row naming the columns');
  }
  const needed = builder.textNeeded();
  if (needed.size > 0) await refillText(absPath, file, builder, needed, signal, at);
  return { name, source: file, rowCount: rows, columns: builder.finish(), lines: lines.slice(0, rows) };
}

/** Second pass for columns that turned to text late: re-read only their leading cells. */
async function refillText(absPath: string, file: string, builder: ColumnBuilder, needed: Map<number, number>, signal: AbortSignal | undefined, at: number[] | undefined): Promise<void> {
  const last = Math.max(...needed.values());
  let r = 0;
  await streamCsv(absPath, {
    file,
    onRecord: (fields) => {
      if (r < last) for (const [c, before] of needed) if (r < before) builder.setText(c, r, fields[at ? at[c]! : c] ?? null);
      r++;
    },
  }, { signal });
}

async function loadParquet(name: string, absPath: string, file: string, text?: ReadonlySet<string>, keep?: ReadonlySet<string>): Promise<Table> {
  const { header, rows } = await readParquetRows(absPath, { source: file });
  validateHeader(header, file, false);
  const at = keptAt(header, keep);
  const builder = new ColumnBuilder(at ? at.map((i) => header[i]!) : header, text);
  for (const row of rows) builder.addRow(at ? at.map((i) => row[i] ?? null) : row);
  const needed = builder.textNeeded();
  for (const [c, before] of needed) for (let r = 0; r < before; r++) builder.setText(c, r, rows[r]![at ? at[c]! : c] ?? null);
  return { name, source: file, rowCount: rows.length, columns: builder.finish() };
}

/**
 * A column a pipeline needs, checked: it exists and, when `expected` is 'numeric', holds only
 * numbers. A text column named where numbers are needed is reported at its first non-number.
 */
export function requireColumn(table: Table, column: string, expected: 'numeric'): NumericColumn;
export function requireColumn(table: Table, column: string, expected?: 'numeric'): Column;
export function requireColumn(table: Table, column: string, expected?: 'numeric'): Column {
  const col = getColumn(table, column);
  if (col === undefined) {
    throw new DataError({ file: table.source, column }, `no column '${column}' (columns: ${table.columns.map((c) => c.name).join(', ')})`);
  }
  if (expected === 'numeric' && col.type === 'string') {
    const r = col.values.findIndex((v) => v !== null && !isMissing(v) && parseNumber(v) === undefined);
    const line = table.lines?.[r];
    const where = line === undefined ? `row ${r + 1}` : `line ${line} (data row ${r + 1})`;
    const problem = `text at ${where} ('${col.values[r]}'): expected numbers`;
    throw new DataError({ file: table.source, line, column }, problem, `column ${column} of ${table.source} is ${problem}`);
  }
  return col;
}

/**
 * Columns' cells as the file writes them (`007`, `NA`, `1e3` kept as text; an absent cell is
 * ''), row by row as `loadTable` reads them, from one read of the file: what `mlpipe score`
 * writes back as the key and the kept columns, so the output joins to its input. Per column in
 * the order asked; undefined for a column the file does not have.
 */
export async function columnTexts(absPath: string, columns: readonly string[], opts: LoadOptions = {}): Promise<Array<string[] | undefined>> {
  const file = opts.source ?? absPath;
  if (formatOf(absPath, opts.format) === 'parquet') {
    const { header, rows } = await readParquetRows(absPath, { source: file });
    return columns.map((column) => {
      const c = header.indexOf(column);
      return c < 0 ? undefined : rows.map((row) => row[c] ?? '');
    });
  }
  let at: number[] = [];
  const out = columns.map((): string[] => []);
  await streamCsv(absPath, {
    file,
    onHeader: (header) => {
      at = columns.map((column) => header.indexOf(column));
    },
    onRecord: (fields) => {
      for (let k = 0; k < at.length; k++) if (at[k] >= 0) out[k].push(fields[at[k]] ?? '');
    },
  });
  return out.map((cells, k) => (at[k] >= 0 ? cells : undefined));
}
