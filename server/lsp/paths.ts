import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The file-system path a document URI names. Untitled and other non-file documents get a path
 * in the current folder, so relative `source` paths still resolve somewhere predictable.
 */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      /* fall through */
    }
  }
  const name = uri.replace(/^[a-z-]+:/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'untitled.mlpipe';
  return resolve(process.cwd(), name);
}

export function pathToUri(path: string): string {
  return pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
}
