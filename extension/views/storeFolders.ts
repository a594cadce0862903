import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findProjectRoot } from '../../server/backend/pipeline/projectRoot.js';
import { DB_DIR } from '../../server/backend/tracking/storePaths.js';

/**
 * The project folders whose run stores the Models view lists: the store of each pipeline, found
 * as a run finds it (`findProjectRoot` from the pipeline's folder), then each workspace folder
 * that already has a store. Asking the workspace folders alone missed the models of a pipeline
 * in a sub-project (its own `.git` or `package.json`), and created an empty `.mlpipe/` in each
 * folder it asked, which then became the root of runs of pipelines below it.
 */
export function storeFolders(pipelines: readonly string[], workspaceFolders: readonly string[], rootOf: (folder: string) => string = findProjectRoot): string[] {
  const roots = new Set<string>();
  for (const file of pipelines) roots.add(rootOf(dirname(file)));
  for (const folder of workspaceFolders) {
    const root = rootOf(folder);
    if (existsSync(join(root, DB_DIR))) roots.add(root);
  }
  return [...roots].sort((a, b) => a.localeCompare(b));
}

/**
 * The store a command with no pipeline to go by opens (Show Experiments from the palette,
 * Rollback with no tree node): the only one there is, or the `fallback` (the first workspace
 * folder) when there is none yet; with several, the user picks (`pick`): opening the first
 * workspace folder's hid the others' runs.
 */
export function storeChoice(stores: readonly string[], fallback: string | undefined): { folder: string | undefined } | { pick: string[] } {
  if (stores.length > 1) return { pick: [...stores] };
  return { folder: stores[0] ?? fallback };
}
