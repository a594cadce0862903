import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureFolder, folderIfThere } from '../tracking/folders.js';
import { DB_DIR } from '../tracking/storePaths.js';

/**
 * Where runs are stored (`<root>/.mlpipe/`): `MLPIPE_HOME` when set, else the nearest folder
 * from `start` upwards that already has `.mlpipe/`, else the nearest with `.git` or
 * `package.json`, else `start` itself. So `mlpipe runs` from anywhere in a project finds the
 * runs that `mlpipe run` made for any pipeline in it.
 *
 * `make: false` for a caller that only reads (`mlpipe runs`, `models`, `drift`): a missing
 * MLPIPE_HOME is named, not made; it holds no store, which the caller then says. Listing made
 * the folder (and its missing parents) to say there was nothing in it.
 */
export function findProjectRoot(start: string, opts: { make?: boolean } = {}): string {
  return findMarkedRoot(start, opts) ?? resolve(start);
}

/** `findProjectRoot` without its last resort: undefined where no folder up from `start` is marked. */
export function findMarkedRoot(start: string, { make = true }: { make?: boolean } = {}): string | undefined {
  if (process.env.MLPIPE_HOME) {
    // Not mkdir -p: under /proc it never returns. A home that cannot be made is one line.
    return make ? ensureFolder(process.env.MLPIPE_HOME, 'MLPIPE_HOME') : folderIfThere(process.env.MLPIPE_HOME, 'MLPIPE_HOME');
  }
  const from = resolve(start);
  for (const marker of [DB_DIR, '.git', 'package.json']) {
    let dir = from;
    for (;;) {
      if (existsSync(join(dir, marker))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}
