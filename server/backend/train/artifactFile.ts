/**
 * The one reader of a run's saved files (`.mlpipe/runs/<id>/`: the model, its weights, the fitted
 * feature state, the run's meta and pipeline snapshot, the drift reference). Whatever is wrong
 * with one (unreadable, not JSON, truncated, the wrong shape) is a `ModelFileError` naming the
 * file: one line and exit 1, never an internal error.
 */
import { readFile } from 'node:fs/promises';
import { ModelFileError } from './errors.js';

/**
 * Reads `path` and gives its bytes to `decode`, whose errors become the file's. `missing`: the
 * value for a file that is not there (an optional artifact); without it, a missing file is damage.
 */
export async function readArtifact<T>(path: string, decode: (bytes: Buffer) => T, missing?: () => T): Promise<T> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missing) return missing();
    throw new ModelFileError(path, `cannot read (${code ?? (e as Error).message})`);
  }
  try {
    return decode(bytes);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new ModelFileError(path, e instanceof SyntaxError ? `not JSON (${message})` : message);
  }
}

/** `decode` for a JSON file: the parsed value, checked by `check` (which throws what is wrong). */
export function json<T>(check: (value: unknown) => T): (bytes: Buffer) => T {
  return (bytes) => check(JSON.parse(bytes.toString('utf8')));
}
