import { stat } from 'node:fs/promises';
import { DataError } from '../../mlpipe/data/errors.js';
import { validateHeader } from '../../mlpipe/data/header.js';
import type { DataInfo } from '../../mlpipe/data/info.js';
import { InfoBuilder } from '../../mlpipe/data/infoBuilder.js';
import { streamCsv } from './csvStream.js';
import { HashCache } from './hash.js';
import { checkFormat, formatOf, type DataFormat } from './load.js';
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
  // The hash is of the raw bytes and is kept whether or not the file parses, so a wrong
  // 'version' pin is still reported on a file that cannot be read.
  const hashing = hashes.hash(absPath).then(
    (hash) => ({ hash }),
    (e: Error) => ({ error: e }),
  );
  try {
    await checkFormat(absPath, format);
    const content = await (format === 'parquet' ? readParquetInfo(absPath, size, maxBytes) : readCsvInfo(absPath, size, maxBytes));
    const h = await hashing;
    if ('error' in h) throw h.error;
    return content.builder.finish({ path: absPath, hash: h.hash, size, format, sampled: content.sampled });
  } catch (e) {
    const error = e instanceof DataError ? e.message : `${absPath}: ${(e as Error).message}`;
    const h = await hashing;
    const info: DataInfo = { status: 'unreadable', path: absPath, error, size, format };
    if ('hash' in h) info.hash = h.hash;
    return info;
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

/**
 * Caches inspections by path, size and mtime, so re-checking an unchanged pipeline on every
 * keystroke costs nothing.
 */
export class DataInspector {
  private readonly cache = new Map<string, { key: string; info: Promise<DataInfo> }>();
  private readonly hashes: HashCache;

  constructor(private readonly opts: { maxBytes?: number; hashCache?: HashCache } = {}) {
    this.hashes = opts.hashCache ?? new HashCache();
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
