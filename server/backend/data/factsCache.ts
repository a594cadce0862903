import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// zod/mini: tree-shaken, so the CLI's 'check' bundle does not carry (and compile) all of zod.
import * as z from 'zod/mini';
import { version as PACKAGE_VERSION } from '../../../package.json';
import type { SplitVerdictStore, TimeVerdictStore, Verdict, VerdictStore } from '../../mlpipe/checker/verdicts.js';
import type { ColumnInfo } from '../../mlpipe/data/info.js';
import type { TimeVerdict } from '../../mlpipe/data/timeVerdict.js';
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

/**
 * The time verdicts of a sampled file's columns judged over every row (`wholeFileTimes`), with
 * the file's row count: made from exactly the version of the file `size`, `mtimeMs` and `hash`
 * name, so an unchanged file of millions of events is not parsed whole again. Each column's
 * verdict both ways: read as text, and read as whole numbers (which applies is the column's type).
 */
export interface CachedWholeTimes {
  size: number;
  mtimeMs: number;
  hash: string;
  rows: number;
  columns: Record<string, { text: TimeVerdict; integer: TimeVerdict }>;
}

/**
 * Bump when what the inspector computes changes meaning (typing rule, distinct cap or count, which
 * time cells read), or what the engine computes for a stored verdict (9: window sums no longer
 * swamped by a huge earlier value, so a feature judged missing on every row may not be; 11: a
 * column of numbers formatted for people, `1,234.5`, has strays; 12: a carriage return in an
 * unquoted field is refused, where it was a character of the cell; 13: split verdicts gain
 * `oneClassTraining`, the runner's refusal of a classifier's one-class training side).
 */
const VERSION = 14;

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
      collision: z.optional(z.tuple([z.string(), z.string()])),
      strays: z.optional(z.object({ count: z.int().check(z.positive()), first: z.string(), row: z.int().check(z.positive()), plain: z.optional(z.string()) })),
    }),
  ),
});

/**
 * A stored missing-every-row verdict. A float32 overflow's value may be an infinity, which JSON
 * has no number for: it is kept as its text.
 */
const StoredVerdict = z.object({
  version: z.literal(VERSION),
  key: z.string(),
  verdict: z.nullable(
    z.object({
      failing: z.int().check(z.nonnegative()),
      worst: z.optional(
        z.object({
          empty: z.optional(z.enum(['training', 'test'])),
          beyond: z.optional(z.object({ row: z.int().check(z.nonnegative()), feature: z.string(), value: z.string() })),
          missingOnEmpty: z.array(z.object({ feature: z.string(), count: z.int().check(z.nonnegative()), of: z.int().check(z.nonnegative()) })),
          noColumns: z.optional(z.literal(true)),
        }),
      ),
      leftOut: z.optional(
        z.array(
          z.object({
            feature: z.string(),
            count: z.int().check(z.positive()),
            first: z.int().check(z.nonnegative()),
            training: z.int().check(z.nonnegative()),
            validation: z.int().check(z.nonnegative()),
            test: z.int().check(z.nonnegative()),
          }),
        ),
      ),
      unseenClasses: z.optional(z.object({ count: z.int().check(z.positive()), examples: z.array(z.string()) })),
      oneClass: z.optional(z.object({ cls: z.string(), rows: z.int().check(z.positive()), inputs: z.array(z.string()), failing: z.int().check(z.positive()) })),
    }),
  ),
});

/** What a cached entry is kept for: a data file's column facts, or a pipeline's verdicts and checks. */
export type CachedFor = 'data' | 'pipeline';

export class FactsCache {
  /**
   * `folder`: one folder for every file, or the folder for each file (undefined: not cached),
   * told whether the file is a data file (its facts) or a pipeline (its verdicts and checks).
   */
  constructor(private readonly folder: string | ((absPath: string, of: CachedFor) => string | undefined)) {}

  /** The cache folder under a project root (`findProjectRoot`). */
  static folderUnder(projectRoot: string): string {
    return join(projectRoot, '.mlpipe', 'cache', 'data-facts');
  }

  /** Where the verdicts go: beside the facts folder (which holds one entry per data file). */
  static verdictsBeside(factsFolder: string): string {
    return join(dirname(factsFolder), 'check-verdicts');
  }

  /** The facts folder for a file (undefined: not cached); other caches of its project go beside it. */
  folderFor(absPath: string, of: CachedFor): string | undefined {
    return typeof this.folder === 'string' ? this.folder : this.folder(absPath, of);
  }

  /** The whole-file time verdicts of sampled data files' folder, beside the facts'. */
  static wholeTimesBeside(factsFolder: string): string {
    return join(dirname(factsFolder), 'whole-times');
  }

  /** The time-column verdicts' folder, beside the facts'. */
  static timesBeside(factsFolder: string): string {
    return join(dirname(factsFolder), 'time-verdicts');
  }

  /** The split verdicts' folder, beside the facts'. */
  static splitsBeside(factsFolder: string): string {
    return join(dirname(factsFolder), 'split-verdicts');
  }

  /** Where the last checks of pipelines go (`storedChecks.ts`): beside the facts folder. */
  static checksBeside(factsFolder: string): string {
    return join(dirname(factsFolder), 'check-results');
  }

  private fileOf(absPath: string): string | undefined {
    const folder = this.folderFor(absPath, 'data');
    return folder === undefined ? undefined : join(folder, `${sha256Text(absPath).slice('sha256:'.length)}.json`);
  }

  /** The entry made from exactly this version of the file, or undefined. */
  get(absPath: string, key: { size: number; mtimeMs: number; hash: string }): CachedFacts | undefined {
    const file = this.fileOf(absPath);
    if (file === undefined) return undefined;
    const e = readStored(file, Schema);
    if (e === undefined) return undefined;
    if (e.size !== key.size || e.mtimeMs !== key.mtimeMs || e.hash !== key.hash) return undefined;
    return { size: e.size, mtimeMs: e.mtimeMs, hash: e.hash, rowsRead: e.rowsRead, columns: e.columns };
  }

  /** Records an entry; a cache that cannot be written is no error (the next check reads the file again). */
  set(absPath: string, facts: CachedFacts): void {
    const file = this.fileOf(absPath);
    if (file !== undefined) writeAtomically(file, { version: VERSION, ...facts });
  }

  /** The whole-file time verdicts made from exactly this version of a sampled file, or undefined. */
  wholeTimes(absPath: string, key: { size: number; mtimeMs: number; hash: string }): CachedWholeTimes | undefined {
    const file = this.wholeTimesFileOf(absPath);
    const e = file === undefined ? undefined : readStored(file, StoredWholeTimes);
    if (e === undefined || e.size !== key.size || e.mtimeMs !== key.mtimeMs || e.hash !== key.hash) return undefined;
    return { size: e.size, mtimeMs: e.mtimeMs, hash: e.hash, rows: e.rows, columns: e.columns };
  }

  /** Records a sampled file's whole-file time verdicts (one entry per file, replaced when it changes). */
  setWholeTimes(absPath: string, entry: CachedWholeTimes): void {
    const file = this.wholeTimesFileOf(absPath);
    if (file !== undefined) writeAtomically(file, { version: VERSION, package: PACKAGE_VERSION, ...entry });
  }

  private wholeTimesFileOf(absPath: string): string | undefined {
    const folder = this.folderFor(absPath, 'data');
    return folder === undefined ? undefined : join(FactsCache.wholeTimesBeside(folder), `${sha256Text(absPath).slice('sha256:'.length)}.json`);
  }

  /**
   * The checker's missing-every-row verdicts on the models of the pipeline at `pipeline`, one
   * file per model in its project's cache folder (so the folder does not grow with every edit).
   * The checker's key names the plan, the split and every table's content hash; the package
   * version is added, so another build never reads this one's verdicts.
   */
  verdicts(pipeline: string): VerdictStore {
    const fileOf = (model: string) => {
      const folder = this.folderFor(pipeline, 'pipeline');
      return folder === undefined ? undefined : join(FactsCache.verdictsBeside(folder), `${sha256Text(`${pipeline}\u0000${model}`).slice('sha256:'.length)}.json`);
    };
    return {
      get: (model, checkerKey) => {
        const key = `${PACKAGE_VERSION}\u0000${checkerKey}`;
        const file = fileOf(model);
        if (file === undefined) return undefined;
        const entry = readStored(file, StoredVerdict);
        // The whole key is kept in the entry: the file holds the model's last verdict, whatever its key.
        if (entry === undefined || entry.key !== key) return undefined;
        const v = entry.verdict;
        if (v === null) return null;
        // Every part read back: a part left out here was lost to every later process's check.
        const { worst: stored, ...rest } = v;
        const out: Verdict = rest;
        if (stored) {
          const { beyond, ...worst } = stored;
          out.worst = beyond ? { ...worst, beyond: { ...beyond, value: Number(beyond.value) } } : worst;
        }
        return out;
      },
      set: (model, checkerKey, verdict) => {
        const key = `${PACKAGE_VERSION}\u0000${checkerKey}`;
        const file = fileOf(model);
        if (file === undefined) return;
        const beyond = verdict?.worst?.beyond;
        const stored = verdict && beyond ? { ...verdict, worst: { ...verdict.worst, beyond: { ...beyond, value: String(beyond.value) } } } : verdict;
        writeAtomically(file, { version: VERSION, key, verdict: stored });
      },
    };
  }

  /**
   * The time-column verdicts of the pipeline at `pipeline`'s project, one file per data file
   * and column (replaced when the file changes). The package version is part of the key: another
   * build's time parser may judge otherwise.
   */
  timeVerdicts(pipeline: string): TimeVerdictStore {
    return this.keyed(pipeline, FactsCache.timesBeside, (id) => id, StoredTimeVerdict);
  }

  /**
   * The verdicts over the engine's split of the pipeline at `pipeline`, one file per pipeline
   * and question (rule and column), replaced when what it was computed from changes. The
   * package version is part of the key: another build may split or key otherwise.
   */
  splitVerdicts(pipeline: string): SplitVerdictStore {
    return this.keyed(pipeline, FactsCache.splitsBeside, (id) => `${pipeline}\u0000${id}`, StoredSplitVerdict);
  }

  /**
   * A store of one entry per id (a file named by the hash of `nameOf(id)`, in the folder `beside`
   * gives), found only under the key it was stored with; the package version is part of the key.
   */
  private keyed<V>(
    pipeline: string,
    beside: (factsFolder: string) => string,
    nameOf: (id: string) => string,
    schema: z.ZodMiniType<{ version: number; key: string; verdict: V }>,
  ): { get(id: string, key: string): V | undefined; set(id: string, key: string, verdict: V): void } {
    const fileOf = (id: string) => {
      const folder = this.folderFor(pipeline, 'pipeline');
      return folder === undefined ? undefined : join(beside(folder), `${sha256Text(nameOf(id)).slice('sha256:'.length)}.json`);
    };
    return {
      get: (id, checkerKey) => {
        const file = fileOf(id);
        const entry = file === undefined ? undefined : readStored(file, schema);
        return entry !== undefined && entry.key === `${PACKAGE_VERSION}\u0000${checkerKey}` ? entry.verdict : undefined;
      },
      set: (id, checkerKey, verdict) => {
        const file = fileOf(id);
        if (file !== undefined) writeAtomically(file, { version: VERSION, key: `${PACKAGE_VERSION}\u0000${checkerKey}`, verdict });
      },
    };
  }
}

/** A stored verdict over the engine's split: the whole key it was computed under, and the verdict. */
const StoredSplitVerdict = z.object({
  version: z.literal(VERSION),
  key: z.string(),
  verdict: z.union([
    z.object({
      emptySplit: z.nullable(
        z.object({
          train: z.int().check(z.nonnegative()),
          test: z.int().check(z.nonnegative()),
          failing: z.int().check(z.positive()),
          seed: z.optional(z.int().check(z.nonnegative())),
        }),
      ),
    }),
    z.object({
      unseen: z.nullable(
        z.object({ count: z.int().check(z.positive()), examples: z.array(z.string()), spellings: z.optional(z.array(z.tuple([z.string(), z.string()])).check(z.maxLength(3))) }),
      ),
    }),
    z.object({ workingSeed: z.nullable(z.int().check(z.nonnegative())) }),
    z.object({ splitByKey: z.boolean() }),
    z.object({ testShare: z.nullable(z.object({ test: z.int().check(z.nonnegative()), total: z.int().check(z.nonnegative()) })) }),
    z.object({ testClasses: z.nullable(z.object({ rows: z.int().check(z.nonnegative()), classes: z.array(z.string()).check(z.maxLength(2)) })) }),
    z.object({ oneClassTraining: z.nullable(z.object({ rows: z.int().check(z.positive()), cls: z.string(), failing: z.int().check(z.positive()) })) }),
    z.object({
      emptyWindow: z.nullable(
        z.object({
          empty: z.optional(
            z.union([
              z.object({ rows: z.int().check(z.positive()), cause: z.literal('keys'), primaryKey: z.string(), historyKey: z.string() }),
              z.object({ rows: z.int().check(z.positive()), cause: z.literal('times'), asOf: z.tuple([z.number(), z.number()]), history: z.tuple([z.number(), z.number()]) }),
              z.object({ rows: z.int().check(z.positive()), cause: z.literal('none') }),
              z.object({ rows: z.int().check(z.positive()), cause: z.literal('no-times'), table: z.string(), column: z.string() }),
            ]),
          ),
          asOfDate: z.optional(z.string()),
          historyDate: z.optional(z.string()),
        }),
      ),
    }),
    z.object({
      unseenDefault: z.nullable(z.object({ from: z.enum(['all', 'train', 'rows']), size: z.int().check(z.nonnegative()), shown: z.array(z.string()) })),
    }),
  ]),
});

/** A stored time-column verdict: the whole key it was computed under, and the first refused cell or null. */
const StoredTimeCell = z.object({ row: z.int().check(z.positive()), text: z.string() });

const TimeVerdictSchema = z.nullable(
  z.union([
    z.object({ row: z.int().check(z.positive()), problem: z.string() }),
    z.object({ zoned: StoredTimeCell, unzoned: StoredTimeCell }),
    z.object({ clock: StoredTimeCell, zoned: z.boolean() }),
    z.object({ compactDate: StoredTimeCell }),
  ]),
);

const StoredTimeVerdict = z.object({
  version: z.literal(VERSION),
  key: z.string(),
  verdict: TimeVerdictSchema,
});

/** A stored `CachedWholeTimes`; the package version is part of it: another build's time parser may judge otherwise. */
const StoredWholeTimes = z.object({
  version: z.literal(VERSION),
  package: z.literal(PACKAGE_VERSION),
  size: z.number(),
  mtimeMs: z.number(),
  hash: z.string(),
  rows: z.int().check(z.nonnegative()),
  columns: z.record(z.string(), z.object({ text: TimeVerdictSchema, integer: TimeVerdictSchema })),
});

/** A cache entry read and checked against its schema; absent, unreadable or foreign: undefined (a miss). */
export function readStored<S extends z.ZodMiniType>(file: string, schema: S): z.infer<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Written aside and renamed, so a reader never sees half an entry; a cache that cannot be written is no error. */
export function writeAtomically(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const text = JSON.stringify(value);
    try {
      writeFileSync(tmp, text);
    } catch (e) {
      // The folder is made on the first write only, not looked for on every one.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, text);
    }
    renameSync(tmp, file);
  } catch {
    // read-only project, full disk: keep working without the cache. A full disk creates the
    // temporary file and refuses its bytes: left, one empty file per entry and process piled up.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // a folder this process cannot change holds no temporary file of its own
    }
  }
}
