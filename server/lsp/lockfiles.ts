import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Dependency lockfiles an `environment` block may name, most specific first within a folder. */
export const LOCKFILES = [
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'uv.lock',
  'poetry.lock',
  'Pipfile.lock',
  'pdm.lock',
  'conda-lock.yml',
  'requirements.txt',
];

/**
 * The nearest lockfile: in the pipeline's folder, then each parent up to the workspace root that
 * holds the pipeline (or the file system root when none does). Relative to the pipeline's
 * folder, with `/` separators, as the `lockfile` attribute takes it.
 */
export function findLockfile(pipelinePath: string, workspaceRoots: string[], exists: (p: string) => boolean = existsSync): string | undefined {
  const start = dirname(pipelinePath);
  const root = workspaceRoots.filter((r) => start === r || start.startsWith(r.endsWith(sep) ? r : r + sep)).sort((x, y) => y.length - x.length)[0];
  let dir = start;
  for (;;) {
    for (const name of LOCKFILES) {
      const p = join(dir, name);
      if (exists(p)) return relative(start, p).split(sep).join('/');
    }
    if (dir === root) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
