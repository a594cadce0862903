import { dirname, isAbsolute, resolve } from 'node:path';

/** URLs (`scheme://`) and globs have no single file version: no data-aware checks. */
export function isMutableSource(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) || /[*?[]/.test(path);
}

/** Resolves a path as written in a pipeline against the pipeline's folder (URLs and globs stay as they are). */
export function resolveFromPipeline(pipelinePath: string, written: string): string {
  if (isMutableSource(written) || isAbsolute(written)) return written;
  return resolve(dirname(pipelinePath), written);
}
