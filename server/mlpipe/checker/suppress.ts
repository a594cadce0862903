import type { SourceFile } from '../syntax/ast.js';
import type { LineMap } from '../syntax/lineMap.js';

const DIRECTIVE = /^\s*mlpipe-disable-next-line\b(.*)$/;

/**
 * `# mlpipe-disable-next-line CODE [CODE…]` silences those codes (all codes when none is
 * named) on the next line that is not blank and not only a comment. Errors are never
 * silenced: an error means the engine would refuse or misread the file (spec).
 */
export function applySuppressions<T extends { code: string; start: number; severity: string }>(file: SourceFile, lines: LineMap, diags: T[]): T[] {
  const directives: Array<{ start: number; codes: string }> = [];
  for (const c of file.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (m) directives.push({ start: c.start, codes: m[1] });
  }
  // Most files have none: then no comment's line is looked up (a file of comments stays linear).
  if (directives.length === 0) return diags;
  const silenced = new Map<number, Set<string> | 'all'>();
  const commentLines = new Set(file.comments.map((c) => lines.positionAt(c.start).line));
  for (const c of directives) {
    const codes = c.codes
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    let line = lines.positionAt(c.start).line + 1;
    while (line < lines.lineCount && (isBlank(lines, line) || (commentLines.has(line) && onlyComment(file, lines, line)))) line++;
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
