import { stat } from 'node:fs/promises';
import { DataError } from '../../mlpipe/data/errors.js';
import { validateHeader } from '../../mlpipe/data/header.js';
import type { DataInfo } from '../../mlpipe/data/info.js';
import { InfoBuilder } from '../../mlpipe/data/infoBuilder.js';
import { streamCsv } from './csvStream.js';
import { HashCache } from './hash.js';
import { formatOf, type DataFormat } from './load.js';
import { readParquetRows } from './parquet.js';

/** Whole files up to this size are read; larger ones are sampled from the start. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export interface InspectOptions {
  maxBytes?: number;
  format?: DataFormat;
  /** Shared so a file hashed here is not hashed again by the runner. */
  hashCache?: HashCache;
}

/** URLs (`scheme://`) and globs have no single file version: no data-aware checks. */
export function isMutableSource(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) || /[*?[]/.test(path);
}

const defaultHashes = new HashCache();

/**
 * What the checker needs to know about one data source. Never throws for bad data: a broken
 * file is status `unreadable` with a precise `error`.
 */
export async function inspectSource(absPath: string, opts: InspectOptions = {}): Promise<DataInfo> {
  if (isMutableSource(absPath)) return { status: 'mutable', path: absPath };
  let size: number;
  try {
    const st = await stat(absPath);
    if (!st.isFile()) return { status: 'unreadable', path: absPath, error: `${absPath}: not a file` };
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', path: absPath };
    return { status: 'unreadable', path: absPath, error: `${absPath}: ${(e as Error).message}` };
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = formatOf(absPath, opts.format);
  const hashes = opts.hashCache ?? defaultHashes;
  try {
    const [hash, content] = await Promise.all([
      hashes.hash(absPath),
      format === 'parquet' ? readParquetInfo(absPath, size, maxBytes) : readCsvInfo(absPath, size, maxBytes),
    ]);
    return content.builder.finish({ path: absPath, hash, size, format, sampled: content.sampled });
  } catch (e) {
    const error = e instanceof DataError ? e.message : `${absPath}: ${(e as Error).message}`;
    return { status: 'unreadable', path: absPath, error, size, format };
  }
}

async function readCsvInfo(absPath: string, size: number, maxBytes: number): Promise<{ builder: InfoBuilder; sampled: boolean }> {
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
  if (builder === undefined) throw new DataError({ file: absPath }, 'the file is empty: expected a header row naming the columns');
  return { builder, sampled };
}

async function readParquetInfo(absPath: string, size: number, maxBytes: number): Promise<{ builder: InfoBuilder; sampled: boolean }> {
  // Rows are compressed; estimate the rows that fit the budget from the file's average row size.
  const sampled = size > maxBytes;
  let maxRows: number | undefined;
  if (sampled) {
    const { totalRows } = await readParquetRows(absPath, { maxRows: 0 });
    maxRows = Math.max(1, Math.floor((totalRows * maxBytes) / size));
  }
  const { header, rows } = await readParquetRows(absPath, { maxRows });
  validateHeader(header, absPath);
  const builder = new InfoBuilder(header);
  for (const row of rows) builder.addRow(row);
  return { builder, sampled };
}

/** One cached inspection: valid while the file's size and mtime give the same `key`. */
export interface CachedInspection {
  key: string;
  info: Promise<DataInfo>;
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

  constructor(private readonly opts: { maxBytes?: number; hashCache?: HashCache; cache?: InspectionCache } = {}) {
    this.hashes = opts.hashCache ?? new HashCache();
    this.cache = opts.cache ?? new Map();
  }

  async inspect(absPath: string, opts: { format?: DataFormat } = {}): Promise<DataInfo> {
    if (isMutableSource(absPath)) return { status: 'mutable', path: absPath };
    let key: string;
    try {
      const st = await stat(absPath);
      key = `${st.size}:${st.mtimeMs}:${opts.format ?? ''}`;
    } catch {
      this.cache.delete(absPath);
      return inspectSource(absPath, { ...this.opts, ...opts, hashCache: this.hashes });
    }
    const hit = this.cache.get(absPath);
    if (hit !== undefined && hit.key === key) return hit.info;
    const info = inspectSource(absPath, { ...this.opts, ...opts, hashCache: this.hashes });
    this.cache.set(absPath, { key, info });
    return info;
  }

  invalidate(path?: string): void {
    if (path === undefined) this.cache.clear();
    else this.cache.delete(path);
    this.hashes.invalidate(path);
  }
}
