import type { Code } from '../mlpipe/index.js';

/** Where every diagnostic code is explained: one `###` heading per code in docs/diagnostics.md. */
export const DIAGNOSTICS_DOC = 'https://github.com/mlpipe/mlpipe/blob/main/docs/diagnostics.md';

/**
 * GitHub's anchor for a heading that is exactly the code: lower case, punctuation other than
 * `-` and `_` dropped, spaces to `-` (`repro/unpinned-data` → `reprounpinned-data`).
 */
export function codeAnchor(code: Code | string): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

export function codeHref(code: Code | string): string {
  return `${DIAGNOSTICS_DOC}#${codeAnchor(code)}`;
}
