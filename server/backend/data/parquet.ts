import { DataError } from '../../mlpipe/data/errors.js';

/**
 * Parquet through hyparquet: pure JavaScript, no native build, installs offline (DuckDB reads
 * Parquet 2-4x faster but is a 40+ MB native dependency). Cells are turned into the same text a
 * CSV would hold, so one typing rule (`values.ts`) serves both formats.
 */
export interface ParquetRows {
  header: string[];
  /** Row-major cell texts; null is missing. */
  rows: Array<Array<string | null>>;
  /** Rows in the file (may exceed `rows.length` when a row limit applied). */
  totalRows: number;
}

export async function readParquetRows(absPath: string, opts: { maxRows?: number; source?: string } = {}): Promise<ParquetRows> {
  const file = opts.source ?? absPath;
  // Dynamic import: hyparquet is ESM-only and the bundles are CommonJS.
  const hp = await import('hyparquet');
  try {
    const buffer = await hp.asyncBufferFromFile(absPath);
    const metadata = await hp.parquetMetadataAsync(buffer);
    const header = hp.parquetSchema(metadata).children.map((child) => child.element.name);
    const totalRows = Number(metadata.num_rows);
    const rowEnd = opts.maxRows === undefined ? totalRows : Math.min(totalRows, opts.maxRows);
    const raw = await new Promise<unknown[][]>((resolve, reject) => {
      hp.parquetRead({ file: buffer, metadata, rowEnd, onComplete: resolve }).catch(reject);
    });
    const rows = raw.slice(0, rowEnd).map((row) => row.map(cellText));
    return { header, rows, totalRows };
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError({ file }, `not a readable Parquet file: ${(e as Error).message}`);
  }
}

/** The text a CSV would hold for a Parquet cell (numbers round-trip exactly through String). */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isNaN(v) ? null : String(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
  }
}
