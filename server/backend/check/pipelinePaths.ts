import { readdirSync, statSync } from 'node:fs';
import { sha256Text } from '../data/hash.js';
import { resolveFromPipeline } from '../data/sourcePath.js';

export { resolveFromPipeline };

/** Whether a path as written in a pipeline names an existing file: the checker's 'fileExists'. */
export function fileExistsFrom(pipelinePath: string): (written: string) => boolean {
  return (written) => {
    try {
      return statSync(resolveFromPipeline(pipelinePath, written)).isFile();
    } catch {
      return false;
    }
  };
}

/**
 * The names of the files in a folder as written in a pipeline ('' is the pipeline's own folder),
 * undefined when it cannot be listed: the checker's 'files'. A link counts as a file (a data
 * file is often a link into a shared store); the checker wants names, never their contents.
 */
export function folderFilesFrom(pipelinePath: string): (written: string) => string[] | undefined {
  return (written) => {
    try {
      return readdirSync(resolveFromPipeline(pipelinePath, written === '' ? '.' : written), { withFileTypes: true })
        .filter((e) => e.isFile() || e.isSymbolicLink())
        .map((e) => e.name)
        .sort();
    } catch {
      return undefined;
    }
  };
}

/** A folder's file names as one short string (a folder may hold thousands), null when it could not be listed: what a stored check compares. */
export function listingSummary(names: readonly string[] | undefined): string | null {
  return names === undefined ? null : sha256Text(names.join('\n'));
}
