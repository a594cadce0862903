/**
 * What names a pipeline document, for every process: the language id the extension contributes
 * (package.json `contributes.languages`, the client's document selector) and the file extension
 * it associates. The server, the CLI and the extension read these, and a unit test holds
 * package.json to them.
 */
export const LANGUAGE_ID = 'mlpipe';

/** A pipeline file's extension (case as written: `.MLPIPE` is not found by folder scans). */
export const PIPELINE_EXTENSION = '.mlpipe';

/** Whether a path names a pipeline file by its extension. */
export function isPipelinePath(path: string): boolean {
  return path.endsWith(PIPELINE_EXTENSION);
}
