import type { Compressors } from 'hyparquet';
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
    const cut = await framingProblem(buffer);
    if (cut) throw new DataError({ file }, `not a readable Parquet file: ${cut}`);
    const metadata = await hp.parquetMetadataAsync(buffer);
    const columns = hp.parquetSchema(metadata).children;
    const header = columns.map((child) => child.element.name);
    const totalRows = Number(metadata.num_rows);
    const rowEnd = opts.maxRows === undefined ? totalRows : Math.min(totalRows, opts.maxRows);
    // hyparquet turns a DECIMAL into a double: DECIMAL(20,0) IDs beyond 2^53 came out as one
    // text for two entities, past the integer-collision check (which compares distinct texts),
    // and joined or grouped as one. Such a column is read as its unscaled integer instead (its
    // annotation dropped from the schema hyparquet decodes with) and written as exact digits.
    const scales = new Map<number, number>();
    const exact = new Map<object, object>();
    columns.forEach((child, c) => {
      const e = child.element;
      const decimal = e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL';
      if (!decimal || child.children.length > 0 || !(e.type === 'INT32' || e.type === 'INT64' || e.type === 'FIXED_LEN_BYTE_ARRAY')) return;
      scales.set(c, e.scale ?? (e.logical_type?.type === 'DECIMAL' ? e.logical_type.scale : 0));
      exact.set(e, { ...e, converted_type: undefined, logical_type: undefined });
    });
    const decoded = exact.size === 0 ? metadata : { ...metadata, schema: metadata.schema.map((e) => (exact.get(e) as typeof e | undefined) ?? e) };
    const compressors = await decompressors();
    const raw = await new Promise<unknown[][]>((resolve, reject) => {
      hp.parquetRead({ file: buffer, metadata: decoded, rowEnd, compressors, onComplete: resolve }).catch(reject);
    });
    const rows = raw.slice(0, rowEnd).map((row) => row.map((v, c) => (scales.has(c) ? decimalText(v, scales.get(c)!) : cellText(v))));
    return { header, rows, totalRows };
  } catch (e) {
    if (e instanceof DataError) throw e;
    // LZO is the one codec left (no tool writes it by default): say what to write instead of hyparquet's bare codec name.
    const codec = /unsupported compression codec: (\w+)/.exec((e as Error).message)?.[1];
    if (codec) throw new DataError({ file }, `its columns are compressed with ${codec}, which mlpipe does not read: write it with compression 'zstd' or 'snappy'`);
    throw new DataError({ file }, `not a readable Parquet file: ${(e as Error).message}`);
  }
}

/**
 * Decompressors for the codecs hyparquet leaves out (it reads SNAPPY itself): GZIP and BROTLI
 * through Node's zlib; ZSTD (Polars' default) through fzstd and LZ4 through hyparquet-compressors'
 * lz4 module (both MIT, pure JavaScript, no native build). The module, not the package's index:
 * the index also loads its own gzip and brotli (a 79 KB dictionary) and a WebAssembly snappy,
 * which added 120 KB to every bundle that reads data, `mlpipe check`'s included. LZ4 is Hadoop's
 * framing or raw blocks, as old and new writers use.
 */
async function decompressors(): Promise<Compressors> {
  const [{ decompress }, { decompressLz4, decompressLz4Raw }, { gunzipSync, brotliDecompressSync }] = await Promise.all([
    import('fzstd'),
    import('hyparquet-compressors/src/lz4.js'),
    import('node:zlib'),
  ]);
  return {
    GZIP: (input) => new Uint8Array(gunzipSync(input)),
    BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
    ZSTD: (input) => decompress(input),
    // An empty page (an all-null column's dictionary) is one zero byte, which its decoder reads
    // as a sequence cut short ('lz4 offset out of range 0'): arrow-rs writes such pages.
    LZ4: (input, length) => (length === 0 ? new Uint8Array(0) : decompressLz4(input, length)),
    LZ4_RAW: (input, length) => (length === 0 ? new Uint8Array(0) : decompressLz4Raw(input, length)),
  };
}

/**
 * Why a file cannot be Parquet by its length and its 'PAR1' marks, in words: past these,
 * hyparquet's own error for an empty file was "Offset is outside the bounds of the DataView".
 * A failed export leaves an empty file, an unfinished copy one without its closing mark.
 */
async function framingProblem(buffer: { byteLength: number; slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer> }): Promise<string | undefined> {
  const n = buffer.byteLength;
  // 'PAR1', the footer, its 4-byte length and 'PAR1' again: 12 bytes at the least.
  if (n === 0) return 'the file is empty (0 bytes)';
  if (n < 12) return `the file is ${n} byte${n === 1 ? '' : 's'} long, too short to be Parquet`;
  const mark = (b: ArrayBuffer) => Buffer.from(b).toString('latin1') === 'PAR1';
  const head = mark(await buffer.slice(0, 4));
  const tail = mark(await buffer.slice(n - 4, n));
  if (head && !tail) return "it starts as Parquet but does not end with Parquet's closing 'PAR1' mark: it was cut short (an unfinished write or copy)";
  if (!head && !tail) {
    // CSV text under a Parquet name (or 'format = parquet') is the likely slip: say what it starts as,
    // so the reader sees a CSV header instead of guessing at a damaged file. Neutral on the remedy:
    // a data block takes 'format = csv', 'mlpipe score --input' a .csv name.
    const line = Buffer.from(await buffer.slice(0, Math.min(n, 80))).toString('latin1').split(/\r?\n/)[0]!;
    const text = /^[\x20-\x7e\t]+$/.test(line) && /[,;\t|]/.test(line);
    return `it neither starts nor ends with Parquet's 'PAR1' mark${text ? `: it starts as text, as CSV does ('${line.length > 40 ? line.slice(0, 40) + '…' : line}')` : ''}`;
  }
  return undefined;
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

/** A DECIMAL's unscaled integer (INT32, INT64 or big-endian two's complement bytes) as the exact digits a CSV would hold: 12345 at scale 2 is '123.45', 500 is '5'. */
export function decimalText(v: unknown, scale: number): string | null {
  if (v === null || v === undefined) return null;
  let u: bigint;
  if (typeof v === 'bigint') u = v;
  else if (typeof v === 'number') u = BigInt(v);
  else if (v instanceof Uint8Array) {
    u = 0n;
    for (const b of v) u = (u << 8n) | BigInt(b);
    if (v.length > 0 && v[0]! >= 0x80) u -= 1n << BigInt(v.length * 8);
  } else return cellText(v);
  const negative = u < 0n;
  let digits = (negative ? -u : u).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const fraction = digits.slice(-scale).replace(/0+$/, '');
    digits = digits.slice(0, -scale) + (fraction ? `.${fraction}` : '');
  } else if (scale < 0) digits = u === 0n ? '0' : digits + '0'.repeat(-scale);
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}
