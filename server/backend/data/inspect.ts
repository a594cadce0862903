import { readFileSync } from 'node:fs';
import { DataError, withoutFile } from '../../mlpipe/data/errors.js';
import { validateHeader } from '../../mlpipe/data/header.js';
import type { DataInfo, UnreadColumn } from '../../mlpipe/data/info.js';
import { InfoBuilder, keyedCells } from '../../mlpipe/data/infoBuilder.js';
import { isMissing } from '../../mlpipe/data/values.js';
import { TimeVerdictReader, type TimeVerdict } from '../../mlpipe/data/timeVerdict.js';
import { CsvParser } from '../../mlpipe/data/csv.js';
import { streamCsv } from './csvStream.js';
import { statPath } from './fileCalls.js';
import type { CachedFacts, FactsCache } from './factsCache.js';
import { HashCache, isRacilyClean, lineEndHashesSync, sha256Bytes } from './hash.js';
import { checkFormat, formatOf, statSource, type DataFormat } from './load.js';
import { readParquetRows } from './parquet.js';
import { isAbort } from '../abort.js';
import { isMutableSource } from './sourcePath.js';

/** Whole files up to this size are read; larger ones are sampled from the start. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export interface InspectOptions {
  maxBytes?: number;
  format?: DataFormat;
  /** Shared so a file hashed here is not hashed again by the runner. */
  hashCache?: HashCache;
  /** Columns read over the whole file even when the rest is sampled (the split's key and time). */
  wholeFileColumns?: readonly string[];
  /**
   * Columns the engine reads as times, judged over the whole file when the rest is sampled:
   * only their time verdict is kept (`wholeFile.timeVerdict`), not their cells.
   */
  wholeFileTimes?: readonly string[];
  /** Column facts of whole CSV files kept between processes (`factsCache.ts`); none when absent. */
  facts?: FactsCache;
}

export { isMutableSource };

const defaultHashes = new HashCache();

/**
 * What the checker needs to know about one data source. Never throws for bad data: a broken
 * file is status `unreadable` with a precise `error`.
 */
export async function inspectSource(absPath: string, opts: InspectOptions = {}): Promise<DataInfo> {
  const info = await inspectFile(absPath, opts);
  // A CSV whose line ends git or an editor converted hashes otherwise than its pin: said so,
  // rather than only "changed" (a re-pin then broke every checkout with the other line ends).
  // Only for a file the check reads whole: the converted hashes are read synchronously, and a
  // larger file would hold the language server's thread for seconds.
  if (info.hash !== undefined && info.format === 'csv' && (info.size ?? Infinity) <= (opts.maxBytes ?? DEFAULT_MAX_BYTES)) {
    let both: { lf: string; crlf: string } | null | undefined;
    info.lineEndsWhenPinned = (pinned) => {
      if (both === undefined) {
        try {
          both = lineEndHashesSync(absPath);
        } catch {
          both = null;
        }
      }
      if (both === null || pinned === info.hash) return undefined;
      return pinned === both.lf ? 'LF' : pinned === both.crlf ? 'CRLF' : undefined;
    };
  }
  return info;
}

async function inspectFile(absPath: string, opts: InspectOptions): Promise<DataInfo> {
  if (isMutableSource(absPath)) return { status: 'mutable', path: absPath };
  let size: number;
  let mtimeMs: number;
  const found = await statSource(absPath);
  if ('missing' in found) return { status: 'missing', path: absPath };
  if ('problem' in found) return { status: 'unreadable', path: absPath, error: found.problem };
  size = found.stats.size;
  mtimeMs = found.stats.mtimeMs;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = formatOf(absPath, opts.format);
  const hashes = opts.hashCache ?? defaultHashes;
  // The hash is of the raw bytes and is kept whether or not the file parses, so a wrong
  // 'version' pin is still reported on a file that cannot be read.
  const hashing = hashes.hash(absPath).then(
    (hash) => ({ hash }),
    (e: Error) => ({ error: e }),
  );
  try {
    await checkFormat(absPath, format);
    // Only whole CSV files are cached: a sampled file also needs its split columns over every
    // row, and a Parquet file's cells cannot be read again synchronously when asked for.
    const cacheable = opts.facts !== undefined && format === 'csv' && size <= maxBytes;
    if (cacheable) {
      const h = await hashing;
      const hit = 'hash' in h ? opts.facts!.get(absPath, { size, mtimeMs, hash: h.hash }) : undefined;
      if (hit) return fromCachedFacts(absPath, hit);
    }
    const content = await (format === 'parquet' ? readParquetInfo(absPath, size, maxBytes) : readCsvInfo(absPath, size, maxBytes));
    const h = await hashing;
    if ('error' in h) throw h.error;
    const info = content.builder.finish({ path: absPath, hash: h.hash, size, format, sampled: content.sampled });
    if (content.unread !== undefined && content.unread.length > 0) info.unread = content.unread;
    if (cacheable) opts.facts!.set(absPath, { size, mtimeMs, hash: h.hash, rowsRead: info.rowsRead!, columns: info.columns! });
    const inFile = (columns: readonly string[] | undefined) => (columns ?? []).filter((c) => content.builder.header.includes(c));
    const cells = inFile(opts.wholeFileColumns);
    const times = inFile(opts.wholeFileTimes);
    if (content.sampled && cells.length + times.length > 0) {
      info.wholeFile = await wholeFileReads(absPath, format, cells, times, opts.facts, { size, mtimeMs, hash: h.hash });
      // The columns read whole are described by every row, as the engine types and counts them.
      const whole = new Map(info.wholeFile.columns?.map((c) => [c.name, c]));
      if (whole.size) info.columns = info.columns?.map((c) => whole.get(c.name) ?? c);
    }
    return info;
  } catch (e) {
    // An interrupted run's hash: no fact about the file, and no 'unreadable' to report.
    if (isAbort(e)) throw e;
    const error = e instanceof DataError ? withoutFile(e) : (e as Error).message;
    const h = await hashing;
    const info: DataInfo = { status: 'unreadable', path: absPath, error, size, format };
    if ('hash' in h) info.hash = h.hash;
    return info;
  }
}

/**
 * The info a whole read of the file gives, from its cached column facts. The cells (`values`,
 * which only some rules ask for, and mostly of the primary table) are read again on first ask,
 * through the same parser, and only if the bytes still hash to the cached version:
 * a file changed since gives no cells rather than cells that disagree with its facts.
 */
function fromCachedFacts(absPath: string, facts: CachedFacts): DataInfo {
  let cells: DataInfo['values'] | null | undefined;
  // Only the cells are wanted (types, counts and distincts are the cached facts), so the rows
  // are split into columns without the InfoBuilder's statistics (most of a warm check's data
  // work), and keyed by the same function as its 'values', by the column's cached type. The
  // columns are sized by the cached row count, and a column's missing cells are told only when
  // the checker asks for it (it asks for a few: the split's, the target, a one-hot's).
  const read = (): DataInfo['values'] | null => {
    try {
      const bytes = readFileSync(absPath);
      if (sha256Bytes(bytes) !== facts.hash) return null;
      let header: readonly string[] = [];
      let raw: Array<Array<string | null>> = [];
      let row = 0;
      const parser = new CsvParser({
        file: absPath,
        onHeader: (h) => {
          validateHeader(h, absPath);
          header = h;
          raw = h.map(() => new Array<string | null>(facts.rowsRead));
        },
        onRecord: (fields) => {
          for (let c = 0; c < raw.length; c++) raw[c]![row] = fields[c] ?? null;
          row++;
        },
      });
      parser.feed(bytes.toString('utf8'));
      parser.end();
      if (row !== facts.rowsRead) return null; // not the file the facts describe
      const cells: Array<ReadonlyArray<string | null>> = [];
      for (let c = 0; c < raw.length; c++)
        Object.defineProperty(cells, c, { enumerable: true, get: () => raw[c]!.map((v) => (v === null || isMissing(v) ? null : v)) });
      cells.length = raw.length;
      return keyedCells(header, cells, facts.columns);
    } catch {
      return null;
    }
  };
  return {
    path: absPath,
    hash: facts.hash,
    size: facts.size,
    format: 'csv',
    sampled: false,
    status: 'ok',
    rowsRead: facts.rowsRead,
    columns: facts.columns,
    values: (column) => {
      if (cells === undefined) cells = read();
      return cells?.(column);
    },
  };
}

/**
 * The columns of a sampled file read over every row. Of a file asked only for time verdicts (a
 * history table), the verdicts are kept between processes (`FactsCache.wholeTimes`), so an
 * unchanged file of millions of events is parsed whole once, not on every check.
 */
async function wholeFileReads(
  absPath: string,
  format: DataFormat,
  cells: string[],
  times: string[],
  facts: FactsCache | undefined,
  version: { size: number; mtimeMs: number; hash: string },
): Promise<NonNullable<DataInfo['wholeFile']>> {
  const keep = cells.length === 0 ? facts : undefined;
  const cached = keep?.wholeTimes(absPath, version);
  if (cached && times.every((c) => Object.hasOwn(cached.columns, c))) {
    return {
      rows: cached.rows,
      values: () => undefined,
      timeVerdict: (column, integer) => (Object.hasOwn(cached.columns, column) ? cached.columns[column]![integer ? 'integer' : 'text'] : undefined),
    };
  }
  const read = await readWholeColumns(absPath, format, cells, times);
  if (keep) {
    const columns: Record<string, { text: TimeVerdict; integer: TimeVerdict }> = {};
    for (const c of times) columns[c] = { text: read.timeVerdict?.(c, false) ?? null, integer: read.timeVerdict?.(c, true) ?? null };
    keep.setWholeTimes(absPath, { ...version, rows: read.rows, columns });
  }
  return read;
}

/**
 * A few columns over every row of the file, typed by the whole file and keyed as the engine
 * keys them (`cellKey`): what the checker needs to split a sampled file as the engine will.
 * `times`: columns of which only the time verdict is kept, judged as the rows stream past.
 */
async function readWholeColumns(absPath: string, format: DataFormat, columns: string[], times: string[]): Promise<NonNullable<DataInfo['wholeFile']>> {
  // The sample's own builder, over these columns only: their facts (type, distinct values,
  // strays) are computed as the sample's are, over every row.
  const builder = new InfoBuilder(columns);
  const readers = times.map(() => new TimeVerdictReader());
  let index: number[] = [];
  let timeIndex: number[] = [];
  const take = (fields: ReadonlyArray<string | null>) => {
    builder.addRow(index.map((i) => fields[i] ?? null));
    for (let k = 0; k < timeIndex.length; k++) {
      const v = fields[timeIndex[k]!] ?? null;
      readers[k]!.add(v === null || isMissing(v) ? null : v);
    }
  };
  let rows = 0;
  if (format === 'parquet') {
    const all = await readParquetRows(absPath);
    index = columns.map((c) => all.header.indexOf(c));
    timeIndex = times.map((c) => all.header.indexOf(c));
    for (const r of all.rows) take(r);
    rows = all.rows.length;
  } else {
    await streamCsv(absPath, {
      file: absPath,
      onHeader: (header) => {
        index = columns.map((c) => header.indexOf(c));
        timeIndex = times.map((c) => header.indexOf(c));
      },
      onRecord: (fields) => {
        take(fields);
        rows++;
      },
    });
  }
  const read = builder.finish({ path: absPath });
  return {
    rows,
    values: read.values!,
    columns: read.columns!.map((c) => ({ ...c, whole: true as const })),
    timeVerdict: (column, integer) => (times.includes(column) ? readers[times.indexOf(column)]!.verdict(integer) : undefined),
  };
}

async function readCsvInfo(absPath: string, size: number, maxBytes: number): Promise<{ builder: InfoBuilder; sampled: boolean; unread?: undefined }> {
  let builder: InfoBuilder | undefined;
  const sampled = size > maxBytes;
  await streamCsv(
    absPath,
    {
      file: absPath,
      onHeader: (header) => {
        validateHeader(header, absPath);
        builder = new InfoBuilder(header);
      },
      onRecord: (fields) => builder!.addRow(fields),
    },
    sampled ? { maxBytes } : {},
  );
  if (builder === undefined) {
    // A sample cut before the first line ends holds no header: the file is not empty, and 'the
    // file is empty' sent the user to a file of 40 MB. Read no further (a line without end).
    if (sampled)
      throw new DataError(
        { file: absPath, line: 1 },
        `the first line does not end within the first ${maxBytes.toLocaleString('en-US')} bytes, all the checker reads of a file this large (--max-sample-bytes, the editor's mlpipe.data.maxSampleBytes): a header is one line of column names; is it a CSV file?`,
      );
    throw new DataError({ file: absPath }, 'the file is empty: expected a header row naming the columns');
  }
  return { builder, sampled };
}

async function readParquetInfo(absPath: string, size: number, maxBytes: number): Promise<{ builder: InfoBuilder; sampled: boolean; unread: UnreadColumn[] }> {
  // Rows are compressed; estimate the rows that fit the budget from the file's average row size.
  const sampled = size > maxBytes;
  let maxRows: number | undefined;
  if (sampled) {
    const { totalRows } = await readParquetRows(absPath, { maxRows: 0 });
    maxRows = Math.max(1, Math.floor((totalRows * maxBytes) / size));
  }
  const { header, rows, unread } = await readParquetRows(absPath, { maxRows });
  validateHeader(header, absPath, false);
  const builder = new InfoBuilder(header);
  for (const row of rows) builder.addRow(row);
  return { builder, sampled, unread };
}

/** One cached inspection: valid while the file's size and mtime give the same `key`. */
export interface CachedInspection {
  key: string;
  info: Promise<DataInfo>;
  /** Made while the file's mtime was within the racy window: checked against its hash before reuse. */
  racy?: boolean;
}

/** Where inspections are kept: a plain Map for one-shot checks; the language server bounds it (LRU by bytes). */
export interface InspectionCache {
  get(path: string): CachedInspection | undefined;
  set(path: string, entry: CachedInspection): unknown;
  delete(path: string): unknown;
  clear(): void;
}

/**
 * Caches inspections by path, size and mtime, so re-checking an unchanged pipeline on every
 * keystroke costs nothing.
 */
export class DataInspector {
  private readonly cache: InspectionCache;
  private readonly hashes: HashCache;

  constructor(private readonly opts: { maxBytes?: number; hashCache?: HashCache; cache?: InspectionCache; facts?: FactsCache } = {}) {
    this.hashes = opts.hashCache ?? new HashCache();
    this.cache = opts.cache ?? new Map();
  }

  /** Files larger than this many bytes are sampled (their first rows read). */
  get sampleLimit(): number {
    return this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  async inspect(absPath: string, opts: { format?: DataFormat; wholeFileColumns?: readonly string[]; wholeFileTimes?: readonly string[] } = {}): Promise<DataInfo> {
    if (isMutableSource(absPath)) return { status: 'mutable', path: absPath };
    let key: string;
    let racy: boolean;
    try {
      const st = await statPath(absPath);
      key = `${st.size}:${st.mtimeMs}:${opts.format ?? ''}:${(opts.wholeFileColumns ?? []).join(',')}:${(opts.wholeFileTimes ?? []).join(',')}`;
      racy = isRacilyClean(st.mtimeMs);
    } catch {
      this.cache.delete(absPath);
      return inspectSource(absPath, { ...this.opts, ...opts, hashCache: this.hashes });
    }
    const hit = this.cache.get(absPath);
    if (hit !== undefined && hit.key === key && (!hit.racy || (await this.sameBytes(absPath, hit.info)))) return hit.info;
    const info = inspectSource(absPath, { ...this.opts, ...opts, hashCache: this.hashes });
    this.cache.set(absPath, { key, info, racy });
    return info;
  }

  /**
   * A file as new as the clock may have changed within its mtime's tick (see RACY_WINDOW_MS): its
   * inspection is reused only while the bytes still hash the same, which is cheaper than a parse.
   */
  private async sameBytes(absPath: string, info: Promise<DataInfo>): Promise<boolean> {
    try {
      const before = (await info).hash;
      return before !== undefined && before === (await this.hashes.hash(absPath));
    } catch {
      return false;
    }
  }

  invalidate(path?: string): void {
    if (path === undefined) this.cache.clear();
    else this.cache.delete(path);
    this.hashes.invalidate(path);
  }
}
