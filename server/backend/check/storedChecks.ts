import { join } from 'node:path';
// zod/mini: tree-shaken, so the CLI's light 'check' bundle does not carry (and compile) all of zod.
import * as z from 'zod/mini';
import type { DataInfo } from '../../mlpipe/data/info.js';
import { isCode, type Diagnostic } from '../../mlpipe/diagnostics.js';
import { DATA_FORMATS, type DataFormat } from '../../mlpipe/language/keywords.js';
import type { DataInspector } from '../data/inspect.js';
import { readStored, writeAtomically } from '../data/factsCache.js';
import { sha256Text } from '../data/hash.js';
import { folderFilesFrom, listingSummary } from './pipelinePaths.js';

/**
 * Everything outside its text that a check of one pipeline consulted (`checkDocument` records
 * it): each source's inspection, with the options it was made with, and each 'does this file
 * exist' answer. The checker is pure, so with the same text, the same build and the same
 * answers, its diagnostics are the same.
 */
export interface CheckInputs {
  /** `written`: the source as the pipeline names it; `path`: what was inspected. */
  sources: Array<{ written: string; path: string; format?: DataFormat; wholeFileColumns?: string[]; wholeFileTimes?: string[] }>;
  files: Array<[path: string, exists: boolean]>;
  /** Each folder listed (for a missing source's suggestion), with its `listingSummary`. */
  folders: Array<[folder: string, listing: string | null]>;
}

/**
 * An inspection as one string, every field the checker can read but the cells: those follow
 * from the bytes (`hash`), the format and the columns asked for, which the string names.
 */
export function inspectionSummary(info: DataInfo): string {
  return JSON.stringify([
    info.status,
    info.path,
    info.error ?? null,
    info.hash ?? null,
    info.size ?? null,
    info.format ?? null,
    info.rowsRead ?? null,
    info.sampled === true,
    info.columns?.map((c) => [c.name, c.type ?? null, c.missing, c.distinct, c.collision ?? null]) ?? null,
    info.wholeFile?.rows ?? null,
  ]);
}

/** Bump when an entry's meaning changes. */
const VERSION = 2;

const Position = z.object({ line: z.int().check(z.nonnegative()), character: z.int().check(z.nonnegative()) });
const StoredDiagnostic = z.object({
  code: z.string().check(z.refine(isCode)),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  start: z.int().check(z.nonnegative()),
  end: z.int().check(z.nonnegative()),
  range: z.object({ start: Position, end: Position }),
  // A quick fix's data, written by the checker of this very build (the entry names it).
  data: z.optional(z.looseObject({ fix: z.string() })),
});

const Entry = z.object({
  version: z.literal(VERSION),
  build: z.string(),
  pipeline: z.string(),
  text: z.string(),
  sources: z.array(
    z.object({
      written: z.string(),
      path: z.string(),
      format: z.optional(z.enum(DATA_FORMATS)),
      wholeFileColumns: z.optional(z.array(z.string())),
      wholeFileTimes: z.optional(z.array(z.string())),
      info: z.string(),
    }),
  ),
  files: z.array(z.tuple([z.string(), z.boolean()])),
  folders: z.array(z.tuple([z.string(), z.nullable(z.string())])),
  diagnostics: z.array(StoredDiagnostic),
});

/**
 * The last check of each pipeline, kept between processes, so `mlpipe check` of an unchanged
 * project answers without running the checker. An entry is used only when the build that
 * wrote it (`build`: the CLI names its bundles' content), the pipeline's text, every source's
 * inspection (made afresh: sizes, content hashes, column facts) and every file-existence answer
 * are the same as now; anything else, or anything unreadable, is a miss and is rewritten.
 * Where: `<project>/.mlpipe/cache/check-results/<sha256 of the pipeline's absolute path>.json`,
 * one file per pipeline, so the folder does not grow with every edit.
 */
export class StoredChecks {
  /** `folderOf`: the folder a pipeline's entry goes in (undefined: not kept). */
  constructor(
    private readonly build: string,
    private readonly folderOf: (pipeline: string) => string | undefined,
  ) {}

  private fileOf(pipeline: string): string | undefined {
    const folder = this.folderOf(pipeline);
    return folder === undefined ? undefined : join(folder, `${sha256Text(pipeline).slice('sha256:'.length)}.json`);
  }

  /**
   * The stored diagnostics of `pipeline` (an absolute path) when nothing they depend on has
   * changed, with the inspections that showed it; undefined otherwise. `exists` and `list`: the
   * same answers the check's host gives.
   */
  async find(
    pipeline: string,
    text: string,
    inspector: DataInspector,
    exists: (path: string) => boolean,
    list: (folder: string) => string[] | undefined = folderFilesFrom(pipeline),
  ): Promise<{ diagnostics: Diagnostic[]; data: Map<string, DataInfo> } | undefined> {
    const file = this.fileOf(pipeline);
    if (file === undefined) return undefined;
    const e = readStored(file, Entry);
    if (e === undefined) return undefined;
    if (e.build !== this.build || e.pipeline !== pipeline || e.text !== sha256Text(text)) return undefined;
    for (const [path, was] of e.files) if (exists(path) !== was) return undefined;
    for (const [folder, was] of e.folders) if (listingSummary(list(folder)) !== was) return undefined;
    const now = await Promise.all(e.sources.map((s) => inspector.inspect(s.path, { format: s.format, wholeFileColumns: s.wholeFileColumns, wholeFileTimes: s.wholeFileTimes })));
    for (const [i, s] of e.sources.entries()) if (inspectionSummary(now[i]!) !== s.info) return undefined;
    return { diagnostics: e.diagnostics as Diagnostic[], data: new Map(e.sources.map((s, i) => [s.written, now[i]!])) };
  }

  /** Keeps a check's result with what it consulted; a cache that cannot be written is no error. */
  save(pipeline: string, text: string, inputs: CheckInputs, data: ReadonlyMap<string, DataInfo>, diagnostics: readonly Diagnostic[]): void {
    const file = this.fileOf(pipeline);
    if (file === undefined) return;
    const sources: Array<z.infer<typeof Entry>['sources'][number]> = [];
    for (const s of inputs.sources) {
      const info = data.get(s.written);
      if (info === undefined) return; // nothing to compare with next time: not kept
      sources.push({ ...s, info: inspectionSummary(info) });
    }
    writeAtomically(file, { version: VERSION, build: this.build, pipeline, text: sha256Text(text), sources, files: inputs.files, folders: inputs.folders, diagnostics });
  }
}
