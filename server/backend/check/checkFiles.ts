import { resolve } from 'node:path';
import type { DataInfo } from '../../mlpipe/data/info.js';
import type { Diagnostic } from '../../mlpipe/diagnostics.js';
import type { DataInspector } from '../data/inspect.js';
import { fileExistsFrom } from './pipelinePaths.js';
import { projectFactsCache, projectInspector, storedVerdicts } from './projectInspector.js';
import type { StoredChecks } from './storedChecks.js';
import { ioReason } from '../data/fileCalls.js';
import { readPipelineFile } from './pipelineFile.js';

/** A source larger than the inspector's sample limit: its column facts come from a prefix of its rows. */
export interface SampledSource {
  /** As the pipeline writes it. */
  source: string;
  size: number;
  rowsRead: number;
  /** The inspector's sample limit in bytes. */
  limit: number;
  /** Its columns read over every row all the same (`ColumnInfo.whole`: the split's, the target), in header order. */
  whole?: string[];
}

/** One pipeline file's check: its diagnostics and the sources it only sampled, or why the file itself could not be read. */
export type FileCheck =
  | { file: string; diagnostics: Diagnostic[]; sampled: SampledSource[]; unreadable?: undefined }
  | { file: string; unreadable: string; diagnostics?: undefined };

function sampledSources(data: ReadonlyMap<string, DataInfo>, limit: number): SampledSource[] {
  const out: SampledSource[] = [];
  for (const [source, info] of data)
    if (info.status === 'ok' && info.sampled) {
      const whole = (info.columns ?? []).filter((c) => c.whole).map((c) => c.name);
      out.push({ source, size: info.size ?? 0, rowsRead: info.rowsRead ?? 0, limit, ...(whole.length ? { whole } : {}) });
    }
  return out;
}

/** Why a file could not be read, in the words a user expects rather than an errno. */
export const unreadableReason = ioReason;

/**
 * The checker, loaded when a file needs it: `require` keeps it out of the module's start (the
 * CLI's build makes it a bundle of its own, which a check answered from `StoredChecks` never loads).
 */
function loadChecker(): typeof import('./checkDocument.js').checkDocument {
  return (require('./checkDocument.js') as typeof import('./checkDocument.js')).checkDocument;
}

/**
 * Checks pipeline files with their data, sharing one inspector so a source named by several
 * pipelines is read once (and, through the project's facts cache, an unchanged file is not typed
 * again, and the missing-every-row pass's verdict on an unchanged model and data is not computed
 * again). `stored`: the last checks kept between processes, reused while nothing they consulted
 * has changed (the CLI's). `opts.maxBytes`: the sample limit of the inspector made here. The CLI and the editor's backend both call this and differ only in
 * how they present the result.
 */
export async function checkFiles(files: readonly string[], inspector?: DataInspector, stored?: StoredChecks, opts: { maxBytes?: number; texts?: ReadonlyMap<string, string> } = {}): Promise<FileCheck[]> {
  const facts = projectFactsCache();
  inspector ??= projectInspector({ facts, maxBytes: opts.maxBytes });
  const out: FileCheck[] = [];
  for (const file of files) {
    // A text given for a path (`mlpipe check -`: piped, perhaps never saved) is checked as that
    // file's, its sources found beside it; it is not kept among the stored checks.
    const given = opts.texts?.get(file);
    let text: string;
    try {
      text = given ?? (await readPipelineFile(file));
    } catch (e) {
      out.push({ file, unreadable: unreadableReason(e) });
      continue;
    }
    const pipeline = resolve(file);
    const keep = given === undefined ? stored : undefined;
    const reused = await keep?.find(pipeline, text, inspector, fileExistsFrom(file));
    if (reused !== undefined) {
      out.push({ file, diagnostics: reused.diagnostics, sampled: sampledSources(reused.data, inspector.sampleLimit) });
      continue;
    }
    const { diagnostics, inputs, data } = await loadChecker()(file, text, inspector, undefined, storedVerdicts(facts, pipeline));
    if (inputs) keep?.save(pipeline, text, inputs, data, diagnostics);
    out.push({ file, diagnostics, sampled: sampledSources(data, inspector.sampleLimit) });
  }
  return out;
}
