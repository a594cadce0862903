import type { DataInfo } from '../../mlpipe/data/info.js';
import { check, LineMap, parse, referencedPaths, type Analysis, type CheckHost } from '../../mlpipe/index.js';
import { attributesOf, bareName, bind, type Binding } from '../../mlpipe/binder.js';
import { splitConfig } from '../../mlpipe/language/splitConfig.js';
import { timeReads } from '../../mlpipe/language/timeColumns.js';
import type { SourceFile } from '../../mlpipe/syntax/ast.js';
import { DataInspector, isMutableSource } from '../data/inspect.js';
import type { DataFormat } from '../data/load.js';
import { fileExistsFrom, folderFilesFrom, listingSummary, resolveFromPipeline } from './pipelinePaths.js';
import type { CheckInputs } from './storedChecks.js';

export { resolveFromPipeline } from './pipelinePaths.js';

export interface DocumentAnalysis extends Analysis {
  /** What was learned of each `source`, by the path as written. */
  data: Map<string, DataInfo>;
  /** Absolute paths the result depends on (sources and lockfile), for file watching. */
  dependencies: string[];
  /** Absolute folders whose files the result depends on (listed for a missing source's suggestion), for file watching. */
  folders?: string[];
  /** Milliseconds spent reading the data (inspections, cached or not) before the pure check. */
  dataMs?: number;
  /** What the check consulted beyond the text, so a stored result can be reused (`storedChecks.ts`). */
  inputs?: CheckInputs;
}

/** What a caller keeps between checks: the language server a memo per document, the CLI stored verdicts. */
export type CarriedState = Pick<CheckHost, 'memo' | 'verdicts' | 'timeVerdicts' | 'splitVerdicts'>;

/**
 * Checks a pipeline with everything the data can tell: reads (through the inspector's cache)
 * each source it names, then runs the pure checker over the results. `parsed`: the text's
 * syntax tree when the caller has it (the language server re-parses edits incrementally).
 * `carried`: what the caller keeps between checks (`CarriedState`).
 */
export async function checkDocument(pipelinePath: string, text: string, inspector: DataInspector, parsed?: SourceFile, carried: CarriedState = {}): Promise<DocumentAnalysis> {
  const file = parsed ?? parse(text);
  const { sources, lockfile } = referencedPaths(file);
  const formats = declaredFormats(file);
  const binding = bind(file);
  const whole = wholeFileReads(binding);
  const data = new Map<string, DataInfo>();
  const inputs: CheckInputs = { sources: [], files: [], folders: [] };
  const started = performance.now();
  await Promise.all(
    [...new Set(sources)].map(async (s) => {
      const reads = whole.get(s);
      const consulted = { written: s, path: resolveFromPipeline(pipelinePath, s), format: formats.get(s), wholeFileColumns: reads?.cells, wholeFileTimes: reads?.times };
      inputs.sources.push(consulted);
      data.set(s, await inspector.inspect(consulted.path, { format: consulted.format, wholeFileColumns: consulted.wholeFileColumns, wholeFileTimes: consulted.wholeFileTimes }));
    }),
  );
  const dataMs = performance.now() - started;
  const exists = fileExistsFrom(pipelinePath);
  const list = folderFilesFrom(pipelinePath);
  const host: CheckHost = {
    ...carried,
    data: (source) => data.get(source),
    fileExists: (p) => {
      const answer = exists(p);
      inputs.files.push([p, answer]);
      return answer;
    },
    files: (folder) => {
      const names = list(folder);
      inputs.folders.push([folder, listingSummary(names)]);
      return names;
    },
  };
  const lines = new LineMap(text);
  const { diagnostics } = check(file, host, lines, binding);
  const dependencies = [...data.keys()].filter((s) => !isMutableSource(s)).map((s) => resolveFromPipeline(pipelinePath, s));
  if (lockfile) dependencies.push(resolveFromPipeline(pipelinePath, lockfile));
  const folders = inputs.folders.map(([f]) => resolveFromPipeline(pipelinePath, f === '' ? '.' : f));
  return { file, binding, diagnostics, lines, data, dependencies, folders, dataMs, inputs };
}


/** The 'format' each source's data block declares, so the checker reads a file as the engine will. */
function declaredFormats(file: SourceFile): Map<string, DataFormat> {
  const out = new Map<string, DataFormat>();
  for (const s of file.statements) {
    if (s.kind !== 'Block' || s.type.name !== 'data') continue;
    const attrs = attributesOf(s);
    const source = attrs.get('source')?.value;
    const format = bareName(attrs.get('format')?.value)?.name;
    if (source?.kind === 'String' && (format === 'csv' || format === 'parquet')) out.set(source.value, format);
  }
  return out;
}

/**
 * What is read over the whole of a sampled file. Cells: the primary table's columns the split
 * reads (key, 'by', time), its target and its columns the engine parses as times, so the
 * checker's split and window verdicts are the engine's, and so is the target's task and classes
 * (a class past the sample made the check infer a binary task, or classification for an 11th
 * value, where the run saw three classes or a regression). Times: every column the engine parses as times
 * (`timeReads`: a window's 'as_of', a history table's time), so its time verdict is; of a
 * history table only that verdict is kept, not millions of event times.
 */
function wholeFileReads(binding: Binding): Map<string, { cells: string[]; times: string[] }> {
  const p = binding.primary;
  const out = new Map<string, { cells: string[]; times: string[] }>();
  if (!p?.source) return out;
  const by = splitConfig(binding).by;
  const add = (source: string | undefined, kind: 'cells' | 'times', columns: Array<string | undefined>) => {
    if (source === undefined) return;
    let reads = out.get(source);
    if (!reads) out.set(source, (reads = { cells: [], times: [] }));
    for (const c of columns) if (c !== undefined && !reads[kind].includes(c)) reads[kind].push(c);
  };
  add(p.source, 'cells', [p.key, by, p.time, p.target]);
  for (const read of timeReads(binding)) {
    add(read.table.source, 'times', [read.column]);
    if (read.table.source === p.source) add(p.source, 'cells', [read.column]);
  }
  return out;
}
