import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// zod/mini: tree-shaken, so the CLI's 'check' bundle does not carry (and compile) all of zod.
import * as z from 'zod/mini';
import type { ColumnInfo } from '../../mlpipe/data/info.js';
import { sha256Text } from './hash.js';

/**
 * Column facts of a whole CSV file kept between processes, so `mlpipe check` and a fresh
 * language server do not re-type a large file that has not changed. An entry is trusted only
 * when the file's size, mtime and sha256 (computed anyway for `version` pins) all match the
 * ones it was made from; anything unreadable, malformed or stale is ignored and rewritten.
 * Where: `<project>/.mlpipe/cache/data-facts/<sha256 of the absolute path>.json`.
 */
export interface CachedFacts {
  size: number;
  mtimeMs: number;
  hash: string;
  rowsRead: number;
  columns: ColumnInfo[];
}

/** Bump when what the inspector computes changes meaning (typing rule, distinct cap). */
const VERSION = 1;

const Schema = z.object({
  version: z.literal(VERSION),
  size: z.number(),
  mtimeMs: z.number(),
  hash: z.string(),
  rowsRead: z.int().check(z.nonnegative()),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.optional(z.enum(['integer', 'number', 'string'])),
      missing: z.int().check(z.nonnegative()),
      distinct: z.int().check(z.nonnegative()),
    }),
  ),
});

export class FactsCache {
  /** `folder`: one folder for every file, or the folder for each file (undefined: not cached). */
  constructor(private readonly folder: string | ((absPath: string) => string | undefined)) {}

  /** The cache folder under a project root (`findProjectRoot`). */
  static folderUnder(projectRoot: string): string {
    return join(projectRoot, '.mlpipe', 'cache', 'data-facts');
  }

  private fileOf(absPath: string): string | undefined {
    const folder = typeof this.folder === 'string' ? this.folder : this.folder(absPath);
    return folder === undefined ? undefined : join(folder, `${sha256Text(absPath).slice('sha256:'.length)}.json`);
  }

  /** The entry made from exactly this version of the file, or undefined. */
  get(absPath: string, key: { size: number; mtimeMs: number; hash: string }): CachedFacts | undefined {
    const file = this.fileOf(absPath);
    if (file === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined; // absent or unreadable: a miss
    }
    const parsed = Schema.safeParse(raw);
    if (!parsed.success) return undefined;
    const e = parsed.data;
    if (e.size !== key.size || e.mtimeMs !== key.mtimeMs || e.hash !== key.hash) return undefined;
    return { size: e.size, mtimeMs: e.mtimeMs, hash: e.hash, rowsRead: e.rowsRead, columns: e.columns };
  }

  /** Records an entry; a cache that cannot be written is no error (the next check reads the file again). */
  set(absPath: string, facts: CachedFacts): void {
    const file = this.fileOf(absPath);
    if (file === undefined) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside and renamed, so a reader never sees half an entry.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: VERSION, ...facts }));
      renameSync(tmp, file);
    } catch {
      // read-only project, full disk: keep working without the cache
    }
  }
}
