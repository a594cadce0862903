import { accessSync, chmodSync, constants, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Rewrites `file` whole or not at all: written in place, a write that failed part way (a full
 * disk, a file size limit) left the pipeline cut off. The new text goes to a temporary file
 * beside the one a link names, with its mode, and is renamed over it; a file this user may not
 * write is still refused.
 */
export function replaceFile(file: string, text: string): void {
  const target = realpathSync(file);
  accessSync(target, constants.W_OK);
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    writeFileSync(temp, text);
    chmodSync(temp, statSync(target).mode & 0o7777);
    renameSync(temp, target);
  } catch (e) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The write's own error is the one to report.
    }
    throw e;
  }
}
