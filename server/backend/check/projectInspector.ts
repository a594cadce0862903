import { dirname } from 'node:path';
import { FactsCache } from '../data/factsCache.js';
import { DataInspector, type InspectionCache } from '../data/inspect.js';
import { findProjectRoot } from '../pipeline/projectRoot.js';

/**
 * The inspector a check of a pipeline uses: column facts of whole CSV files kept in the
 * project's `.mlpipe/cache/`, so a fresh process (the CLI, a new language server) does not
 * type an unchanged file again. Without a usable project root it works uncached.
 */
export function projectInspector(pipelinePath: string, opts: { maxBytes?: number; cache?: InspectionCache } = {}): DataInspector {
  let facts: FactsCache | undefined;
  try {
    facts = FactsCache.under(findProjectRoot(dirname(pipelinePath)));
  } catch {
    facts = undefined; // an unusable MLPIPE_HOME: the check itself still works
  }
  return new DataInspector({ ...opts, facts });
}
