import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Code } from '../mlpipe/index.js';

/**
 * Where every diagnostic code is explained: one `### code` heading per code in
 * docs/diagnostics.md, shipped with the extension and the npm package. Links point at that
 * file on disk, at the heading's line (`#L12`, which VS Code opens at that line), so they work
 * offline and never name a repository page that may not exist.
 */
export const DIAGNOSTICS_DOC_NAME = join('docs', 'diagnostics.md');

/** The bundled doc, looked for above the running code: `dist/server.js` and `server/lsp/*.ts` alike. */
export function findDiagnosticsDoc(from: string = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, DIAGNOSTICS_DOC_NAME);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** 1-based line of each `### code` heading (fenced examples skipped). */
export function headingLines(markdown: string): Map<string, number> {
  const out = new Map<string, number>();
  let inFence = false;
  markdown.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) inFence = !inFence;
    const h = !inFence && /^### (\S+)\s*$/.exec(line);
    if (h) out.set(h[1], i + 1);
  });
  return out;
}

let links: { file: string; lines: Map<string, number> } | null | undefined;

/** A link to the code's section of the bundled doc, or undefined when the doc is not there. */
export function codeHref(code: Code | string): string | undefined {
  if (links === undefined) {
    const path = findDiagnosticsDoc();
    links = path ? { file: pathToFileURL(path).href, lines: headingLines(readFileSync(path, 'utf8')) } : null;
  }
  if (!links) return undefined;
  const line = links.lines.get(code);
  return line === undefined ? links.file : `${links.file}#L${line}`;
}
