import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The file-system path a document URI names. A document that is not a file but names one by its
 * path (`git:/repo/p.mlpipe?…` of a diff, `vscode-notebook-cell:/repo/nb.ipynb#…`, an unsaved
 * `untitled:/repo/new.mlpipe`) gets that path, so its relative `source` paths resolve beside
 * the file as `mlpipe check` resolves them there (in the server's current folder they named
 * another project's data, or none). Other documents (`untitled:Untitled-1`) get a path in
 * `base` (the first workspace folder, where VS Code offers to save an untitled file), else in
 * the current folder, so relative `source` paths still resolve somewhere predictable.
 *
 * A folder's path has no trailing separator, however the URI ends: Emacs (eglot) names its
 * workspace `file:///home/me/proj/`, and the lockfile search, which stops at the workspace
 * folder, compared `/home/me/proj` with `/home/me/proj/` and went on above the workspace.
 */
export function uriToPath(uri: string, base?: string): string {
  if (uri.startsWith('file:')) {
    try {
      return resolve(fileURLToPath(uri));
    } catch {
      /* fall through */
    }
  }
  const named = pathNamedBy(uri);
  if (named) return named;
  const name = uri.replace(/^[a-z-]+:/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'untitled.mlpipe';
  return resolve(base ?? process.cwd(), name);
}

/** The absolute path in a non-file URI's path (query and fragment left out), if it has one. */
function pathNamedBy(uri: string): string | undefined {
  try {
    const { pathname } = new URL(uri);
    return pathname.startsWith('/') && pathname.length > 1 ? resolve(fileURLToPath(`file://${pathname}`)) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
}
