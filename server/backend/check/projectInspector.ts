import { dirname } from 'node:path';
import { FactsCache } from '../data/factsCache.js';
import { DataInspector, type InspectionCache } from '../data/inspect.js';
import { findMarkedRoot, findProjectRoot } from '../pipeline/projectRoot.js';
import { StoredChecks } from './storedChecks.js';
import type { CarriedState } from './checkDocument.js';

/**
 * Column facts of whole CSV files kept in the `.mlpipe/cache/` of each data file's project
 * (`findProjectRoot`, as runs are stored), so a fresh process does not type an unchanged
 * file again. A pipeline's own caches (its stored check, its verdicts) go where its runs go,
 * its folder when nothing above it is a project; a data file's facts only into a marked project
 * (`.mlpipe`, `.git`, `package.json` at or above it, or MLPIPE_HOME): a check never makes a
 * `.mlpipe/` inside a data folder that is no project, such as a shared or synced one. A file with
 * no usable project root (an unusable MLPIPE_HOME) is not cached.
 */
export function projectFactsCache(): FactsCache {
  const roots = new Map<string, string | undefined>();
  return new FactsCache((absPath, of) => {
    const at = `${of}:${dirname(absPath)}`;
    if (!roots.has(at)) {
      try {
        const dir = dirname(absPath);
        const root = of === 'pipeline' ? findProjectRoot(dir) : findMarkedRoot(dir);
        roots.set(at, root === undefined ? undefined : FactsCache.folderUnder(root));
      } catch {
        roots.set(at, undefined);
      }
    }
    return roots.get(at);
  });
}

/** The inspector a check uses, in the CLI and the language server: project facts cache included. */
export function projectInspector(opts: { maxBytes?: number; cache?: InspectionCache; facts?: FactsCache } = {}): DataInspector {
  return new DataInspector({ ...opts, facts: opts.facts ?? projectFactsCache() });
}

/** The last checks of pipelines, kept in each pipeline's project beside its facts cache (`storedChecks.ts`). */
export function projectStoredChecks(build: string, facts: FactsCache = projectFactsCache()): StoredChecks {
  return new StoredChecks(build, (pipeline) => {
    const folder = facts.folderFor(pipeline, 'pipeline');
    return folder === undefined ? undefined : FactsCache.checksBeside(folder);
  });
}

/**
 * What a check carries between processes for the pipeline at `pipeline` (its verdicts stored in
 * the project's facts cache), as every caller of `checkDocument` outside the language server
 * passes it: one list, so a new kind of stored verdict reaches them all.
 */
export function storedVerdicts(facts: FactsCache, pipeline: string): CarriedState {
  return { verdicts: facts.verdicts(pipeline), timeVerdicts: facts.timeVerdicts(pipeline), splitVerdicts: facts.splitVerdicts(pipeline) };
}
