// Imported statically: a bundle with a literal import() of a built-in is not loaded through V8's
// code cache (codeCache.ts), which made 'mlpipe check' compile its bundle on every start.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Compressors, SchemaElement } from 'hyparquet';
import { DataError } from '../../mlpipe/data/errors.js';
import { cellWriter, INT96_NANOS } from './parquetCells.js';

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
  /**
   * Nested columns (lists, maps, structs), left out of `header` and `rows`: a cell of one holds
   * many values, which no CSV cell, request field or feature transform takes as one.
   */
  nested: NestedColumn[];
}

export interface NestedColumn {
  name: string;
  /** 'list', 'map' or 'struct', as the user's tool names it. */
  kind: string;
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
    const children = hp.parquetSchema(metadata).children;
    const nested = children.filter((child) => child.children.length > 0).map((child) => ({ name: child.element.name, kind: nestedKind(child.element) }));
    const columns = children.filter((child) => child.children.length === 0);
    const header = columns.map((child) => child.element.name);
    const totalRows = Number(metadata.num_rows);
    const rowEnd = opts.maxRows === undefined ? totalRows : Math.min(totalRows, opts.maxRows);
    // Each column's writer (parquetCells.ts); annotated columns are decoded as their stored
    // integers, the annotation dropped from the schema hyparquet decodes with, and written from those.
    const writers = columns.map((child) => cellWriter(child.element));
    const plain = new Map<object, object>();
    columns.forEach((child, c) => {
      if (writers[c]!.plain) plain.set(child.element, { ...child.element, converted_type: undefined, logical_type: undefined });
    });
    const decoded = plain.size === 0 ? metadata : { ...metadata, schema: metadata.schema.map((e) => (plain.get(e) as typeof e | undefined) ?? e) };
    const compressors = await decompressors();
    const raw =
      header.length === 0 || rowEnd === 0
        ? []
        : await new Promise<unknown[][]>((resolve, reject) => {
            hp.parquetRead({ file: buffer, metadata: decoded, columns: header, rowEnd, compressors, parsers: INT96_NANOS, onComplete: resolve }).catch(reject);
          });
    const rows = raw.slice(0, rowEnd).map((row) => row.map((v, c) => writers[c]!.text(v)));
    return { header, rows, totalRows, nested };
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
  const [{ decompress }, { decompressLz4, decompressLz4Raw }] = await Promise.all([import('fzstd'), import('hyparquet-compressors/src/lz4.js')]);
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

/** What a user's tool calls a nested column: Parquet's LIST and MAP annotations, else a group of fields. */
function nestedKind(e: SchemaElement): string {
  const t = e.logical_type?.type ?? e.converted_type;
  return t === 'LIST' ? 'list' : t === 'MAP' || t === 'MAP_KEY_VALUE' ? 'map' : 'struct';
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
