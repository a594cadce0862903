import { dirname } from 'node:path';
import { FactsCache } from '../data/factsCache.js';
import { DataInspector, type InspectionCache } from '../data/inspect.js';
import { findProjectRoot } from '../pipeline/projectRoot.js';
import { StoredChecks } from './storedChecks.js';

/**
 * Column facts of whole CSV files kept in the `.mlpipe/cache/` of each data file's project
 * (`findProjectRoot`, as runs are stored), so a fresh process does not type an unchanged
 * file again. A file with no usable project root (an unusable MLPIPE_HOME) is not cached.
 */
export function projectFactsCache(): FactsCache {
  const roots = new Map<string, string | undefined>();
  return new FactsCache((absPath) => {
    const dir = dirname(absPath);
    if (!roots.has(dir)) {
      try {
        roots.set(dir, FactsCache.folderUnder(findProjectRoot(dir)));
      } catch {
        roots.set(dir, undefined);
      }
    }
    return roots.get(dir);
  });
}

/** The inspector a check uses, in the CLI and the language server: project facts cache included. */
export function projectInspector(opts: { maxBytes?: number; cache?: InspectionCache; facts?: FactsCache } = {}): DataInspector {
  return new DataInspector({ ...opts, facts: opts.facts ?? projectFactsCache() });
}

/** The last checks of pipelines, kept in each pipeline's project beside its facts cache (`storedChecks.ts`). */
export function projectStoredChecks(build: string, facts: FactsCache = projectFactsCache()): StoredChecks {
  return new StoredChecks(build, (pipeline) => {
    const folder = facts.folderFor(pipeline);
    return folder === undefined ? undefined : FactsCache.checksBeside(folder);
  });
}
