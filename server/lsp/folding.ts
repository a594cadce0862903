import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { SourceFile } from '../mlpipe/syntax/ast.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';
import { walk } from '../mlpipe/syntax/locate.js';

/** Blocks, lists and calls that span lines, and runs of two or more comment lines. */
export function foldingRanges(file: SourceFile, lines: LineMap): FoldingRange[] {
  const out: FoldingRange[] = [];
  // `close` is the offset of the closing bracket: its line stays visible, as in `data x {…}`.
  const add = (open: number, close: number) => {
    const s = lines.positionAt(open).line;
    const e = lines.positionAt(close).line;
    if (e - 1 > s) out.push({ startLine: s, endLine: e - 1 });
  };
  walk(file, (n) => {
    if (n.kind === 'Block') add(n.open, n.close ?? n.end);
    else if (n.kind === 'List') add(n.start, n.end - 1);
    else if (n.kind === 'Call' && n.closed) add(n.callee.end, n.end - 1);
  });
  // Comment runs: consecutive lines that hold only a comment.
  let runStart = -1;
  let prevLine = -2;
  const ownLine = (c: { start: number }) => file.text.slice(lines.lineStarts[lines.positionAt(c.start).line], c.start).trim() === '';
  for (const c of file.comments) {
    if (!ownLine(c)) continue;
    const line = lines.positionAt(c.start).line;
    if (line !== prevLine + 1) {
      if (runStart >= 0 && prevLine > runStart) out.push({ startLine: runStart, endLine: prevLine, kind: FoldingRangeKind.Comment });
      runStart = line;
    }
    prevLine = line;
  }
  if (runStart >= 0 && prevLine > runStart) out.push({ startLine: runStart, endLine: prevLine, kind: FoldingRangeKind.Comment });
  return out.sort((x, y) => x.startLine - y.startLine);
}
