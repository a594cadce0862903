import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMutableSource } from '../data/inspect.js';

/** Resolves a path as written in a pipeline against the pipeline's folder (URLs and globs stay as they are). */
export function resolveFromPipeline(pipelinePath: string, written: string): string {
  if (isMutableSource(written) || isAbsolute(written)) return written;
  return resolve(dirname(pipelinePath), written);
}

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
