import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreUnusableError } from './errors.js';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'exists and is not a folder',
  ENOENT: 'cannot be created here',
  ENOSPC: 'no space left on the device',
};

/** A refused file call in words (`no space left on the device`), else its own message. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && WHY[code]) ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Makes `folder` and its missing parents, one level at a time. Node's recursive mkdir never
 * returns under pseudo file systems such as /proc (mkdir there keeps answering ENOENT), so
 * each level is created once and any refusal becomes one StoreUnusableError naming the path.
 */
export function ensureFolder(folder: string, what = 'folder'): string {
  const target = resolve(folder);
  const missing: string[] = [];
  let dir = target;
  for (;;) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new StoreUnusableError(`${what} ${target}: ${reason(e)}`);
    }
    if (isDir === false) throw new StoreUnusableError(`${what} ${target}: ${dir === target ? 'exists and is not a folder' : `${dir} is not a folder`}`);
    if (isDir) break;
    missing.push(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue; // made by another process
      throw new StoreUnusableError(`${what} ${target}: ${reason(e)}`);
    }
  }
  return target;
}

/**
 * `folder` resolved, without making it: what `ensureFolder` would make, for a caller that only
 * reads (a missing folder holds nothing). A path that cannot be a folder (a file, a file above
 * it) is refused as `ensureFolder` refuses it.
 */
export function folderIfThere(folder: string, what = 'folder'): string {
  const target = resolve(folder);
  try {
    if (!statSync(target).isDirectory()) throw new StoreUnusableError(`${what} ${target}: exists and is not a folder`);
  } catch (e) {
    if (e instanceof StoreUnusableError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new StoreUnusableError(`${what} ${target}: ${reason(e)}`);
  }
  return target;
}
