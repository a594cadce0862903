import { lineEndHashesSync, type HashCache } from './hash.js';
import { lineEndsOnlyWords } from '../../mlpipe/data/info.js';
import { isAbort } from '../abort.js';

/**
 * "Does this source still hold the bytes a run recorded?": the one comparison every path that
 * retrains named data makes (run with expected versions, reproduce, a retrain of a run). The
 * hash comes through the caller's cache, so a file checked here and then loaded is read once.
 */
export interface SourceVersion {
  /** The sha256 of the file's raw bytes now. */
  hash: string;
  /** Why the file is not the recorded version (one line), or undefined when it is. */
  mismatch?: string;
}

export async function sourceVersion(
  hashes: HashCache,
  path: string,
  where: { source: string; table: string },
  expected: string | undefined,
): Promise<SourceVersion> {
  let hash: string;
  try {
    hash = await hashes.hash(path);
  } catch (e) {
    if (isAbort(e)) throw e;
    // Gone, or there but no file (a folder, a pipe, a link to a device: `sha256File` names it).
    const reason = (e as { reason?: string }).reason;
    const what = reason !== undefined ? reason : ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '') ? 'is gone' : `cannot be read (${(e as Error).message})`;
    if (expected === undefined) throw new Error(`${where.source} (table ${where.table}) ${reason ?? 'cannot be read'}`);
    return { hash: '', mismatch: `${where.source} (table ${where.table}) ${what}: restore the file this run used (${expected.slice(0, 19)}…) to reproduce it` };
  }
  if (expected === undefined || expected === hash) return { hash };
  // Only its line ends (a checkout with git's core.autocrlf): said, as the checker says it of a pin.
  let ends = '';
  try {
    const both = lineEndHashesSync(path);
    if (expected === both.lf || expected === both.crlf) ends = `, ${lineEndsOnlyWords(expected === both.lf ? 'LF' : 'CRLF', 'then')}`;
  } catch {
    // Unreadable now: the mismatch says enough.
  }
  return {
    hash,
    mismatch: `${where.source} (table ${where.table}) no longer matches the data this run used (${expected.slice(0, 19)}…, now ${hash.slice(0, 19)}…)${ends}: restore that version of the file to reproduce it`,
  };
}
