// Imported statically: a bundle with a literal import() of a built-in is not loaded through V8's
// code cache (codeCache.ts), which made 'mlpipe check' compile its bundle on every start.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Compressors, FileMetaData, SchemaElement } from 'hyparquet';
import { DataError } from '../../mlpipe/data/errors.js';
import type { UnreadColumn } from '../../mlpipe/data/info.js';
import { cellWriter, INT96_NANOS, isUint32, uint32Text } from './parquetCells.js';

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
   * Columns left out of `header` and `rows`: nested ones (lists, maps, structs), a cell of which
   * holds many values, which no CSV cell, request field or feature transform takes as one; and
   * binary ones (`isBinary`).
   */
  unread: UnreadColumn[];
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
    const unread = children.filter((child) => child.children.length > 0 || isBinary(child.element)).map((child): UnreadColumn => ({ name: child.element.name, kind: child.children.length > 0 ? nestedKind(child.element) : 'binary' }));
    const columns = children.filter((child) => child.children.length === 0 && !isBinary(child.element));
    const header = columns.map((child) => child.element.name);
    const totalRows = Number(metadata.num_rows);
    const rowEnd = opts.maxRows === undefined ? totalRows : Math.min(totalRows, opts.maxRows);
    // Each column's writer (parquetCells.ts); annotated columns are decoded as their stored
    // integers, the annotation dropped from the schema hyparquet decodes with, and written from those.
    const widened = new Set(columns.filter((child) => isUint32(child.element) && deltaOnly(metadata.row_groups, child.element.name)).map((child) => child.element.name));
    const writers = columns.map((child) => (widened.has(child.element.name) ? { text: uint32Text, plain: true } : cellWriter(child.element)));
    const plain = new Map<object, object>();
    columns.forEach((child, c) => {
      if (writers[c]!.plain) plain.set(child.element, { ...child.element, converted_type: undefined, logical_type: undefined });
    });
    const schema = plain.size === 0 ? metadata.schema : metadata.schema.map((e) => (plain.get(e) as typeof e | undefined) ?? e);
    const decoded = plain.size === 0 ? metadata : { ...metadata, schema, row_groups: widened.size === 0 ? metadata.row_groups : widen(metadata.row_groups, widened) };
    const compressors = await decompressors();
    const raw =
      header.length === 0 || rowEnd === 0
        ? []
        : await new Promise<unknown[][]>((resolve, reject) => {
            hp.parquetRead({ file: buffer, metadata: decoded, columns: header, rowEnd, compressors, parsers: INT96_NANOS, onComplete: resolve }).catch(reject);
          });
    const rows = raw.slice(0, rowEnd).map((row) => row.map((v, c) => writers[c]!.text(v)));
    return { header, rows, totalRows, unread };
  } catch (e) {
    if (e instanceof DataError) throw e;
    // LZO is the one codec left (no tool writes it by default): say what to write instead of hyparquet's bare codec name.
    const codec = /unsupported compression codec: (\w+)/.exec((e as Error).message)?.[1];
    if (codec) throw new DataError({ file }, `its columns are compressed with ${codec}, which mlpipe does not read: write it with compression 'zstd' or 'snappy'`);
    throw new DataError({ file }, `not a readable Parquet file: ${(e as Error).message}`);
  }
}

/**
 * hyparquet 1.33 reads the first value of a DELTA_BINARY_PACKED page of INT32s with a 32-bit
 * zigzag. DuckDB's v2 writer stores a UINT32 column's values there as 64-bit integers, so a first
 * value of 2^31 or more lost its top bit and, every later value being a delta from it, the whole
 * page read 2^31 too low ('3000000000' as '852516352'), with no error. The encoding's bytes are
 * the same for both widths (varints and bit-packed deltas), so such a chunk is decoded as INT64,
 * which reads the first value whole, and each value taken modulo 2^32 (`uint32Text`): exact for
 * a writer that stores the 64-bit value and for one that wraps at 32 bits alike. Only chunks
 * whose data pages are all delta-encoded: a dictionary or PLAIN page holds 4-byte values.
 */
function deltaOnly(rowGroups: FileMetaData['row_groups'], name: string): boolean {
  const chunks = rowGroups.flatMap((g) => g.columns.filter((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name));
  return chunks.length > 0 && chunks.every((c) => c.meta_data!.encodings.includes('DELTA_BINARY_PACKED') && c.meta_data!.encodings.every((e) => e === 'DELTA_BINARY_PACKED' || e === 'RLE' || e === 'BIT_PACKED'));
}

/** The row groups with the named columns' chunks decoded as INT64 (`deltaOnly`). */
function widen(rowGroups: FileMetaData['row_groups'], names: ReadonlySet<string>): FileMetaData['row_groups'] {
  return rowGroups.map((g) => ({
    ...g,
    columns: g.columns.map((c) => (c.meta_data && c.meta_data.path_in_schema.length === 1 && names.has(c.meta_data.path_in_schema[0]!) ? { ...c, meta_data: { ...c.meta_data, type: 'INT64' as const } } : c)),
  }));
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

/**
 * Bytes, not text: a BYTE_ARRAY (or fixed-length) column whose annotation says neither text
 * (STRING/UTF8, ENUM, JSON) nor a value read as such (DECIMAL, UUID, FLOAT16): DuckDB's BLOB,
 * pyarrow's binary, BSON. Read as UTF-8 (hyparquet's default), bytes that are not UTF-8 became
 * U+FFFD, so distinct blobs were one category, and NUL passed where a CSV with one is refused;
 * pyarrow and Spark read them as bytes too (Spark's `binaryAsString` is off by default). The
 * schema decides, not the values, so `check` (a sample of rows) and `run` (all) agree.
 */
function isBinary(e: SchemaElement): boolean {
  if (e.type !== 'BYTE_ARRAY' && e.type !== 'FIXED_LEN_BYTE_ARRAY') return false;
  const lt = e.logical_type?.type;
  if (lt) return !READ_LOGICAL.has(lt);
  return e.converted_type === undefined || !READ_CONVERTED.has(e.converted_type);
}

const READ_LOGICAL: ReadonlySet<string> = new Set(['STRING', 'ENUM', 'JSON', 'UUID', 'DECIMAL', 'FLOAT16']);
const READ_CONVERTED: ReadonlySet<string> = new Set(['UTF8', 'ENUM', 'JSON', 'DECIMAL', 'INTERVAL']);

/** What a user's tool calls a nested column: Parquet's LIST and MAP annotations, else a group of fields. */
function nestedKind(e: SchemaElement): UnreadColumn['kind'] {
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
