import type { SourceFile } from '../syntax/ast.js';
import type { LineMap } from '../syntax/lineMap.js';
import type { Comment } from '../syntax/tokens.js';

const DIRECTIVE = /^\s*mlpipe-disable-next-line\b(.*)$/;

/** A `# mlpipe-disable-next-line` comment, with the line it covers and the codes it names (none: every code). */
export interface Suppression {
  comment: Comment;
  line: number;
  codes: string[];
}

/**
 * Every suppression comment of a file and the line it covers: the next line that is not blank and
 * not only a comment. Read by the checker, and by the formatter, which must keep each covered
 * line's diagnostics covered when it moves code between lines.
 */
export function suppressionsOf(file: SourceFile, lines: LineMap): Suppression[] {
  const out: Suppression[] = [];
  let commentLines: Set<number> | undefined;
  for (const c of file.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    // Most files have none: then no comment's line is looked up (a file of comments stays linear).
    commentLines ??= new Set(file.comments.map((k) => lines.positionAt(k.start).line));
    const codes = m[1]
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    let line = lines.positionAt(c.start).line + 1;
    while (line < lines.lineCount && (isBlank(lines, line) || (commentLines.has(line) && onlyComment(file, lines, line)))) line++;
    out.push({ comment: c, line, codes });
  }
  return out;
}

/**
 * `# mlpipe-disable-next-line CODE [CODE…]` silences those codes (all codes when none is
 * named) on the next line that is not blank and not only a comment. Errors are never
 * silenced: an error means the engine would refuse or misread the file (spec).
 */
export function applySuppressions<T extends { code: string; start: number; severity: string }>(file: SourceFile, lines: LineMap, diags: T[]): T[] {
  const directives = suppressionsOf(file, lines);
  if (directives.length === 0) return diags;
  const silenced = new Map<number, Set<string> | 'all'>();
  for (const { line, codes } of directives) {
    const prev = silenced.get(line);
    if (codes.length === 0 || prev === 'all') silenced.set(line, 'all');
    else silenced.set(line, new Set([...(prev ?? []), ...codes]));
  }
  return diags.filter((d) => {
    if (d.severity === 'error') return true;
    const s = silenced.get(lines.positionAt(d.start).line);
    return !(s === 'all' || s?.has(d.code));
  });
}

function isBlank(lines: LineMap, line: number): boolean {
  return lines.text.slice(lines.lineStarts[line], lines.lineEnd(line)).trim() === '';
}
function onlyComment(file: SourceFile, lines: LineMap, line: number): boolean {
  return lines.text.slice(lines.lineStarts[line], lines.lineEnd(line)).trim().startsWith('#');
}
