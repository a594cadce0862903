import type { Position, Range, TextEdit } from 'vscode-languageserver';
import { format } from '../mlpipe/format/format.js';
import { formatLineSpans, type TextChange } from '../mlpipe/format/formatRange.js';
import { indentOnType } from '../mlpipe/format/indentOnType.js';
import { LineMap } from '../mlpipe/index.js';
import { pipelineText } from '../mlpipe/syntax/fileText.js';

/** A text's lines, each with its line end (LineMap's breaks: `\n`, `\r\n`, `\r`). */
function linesOf(text: string): string[] {
  const starts = new LineMap(text).lineStarts;
  return Array.from(starts, (start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

/**
 * `text` from `start` to `end` (each at a line's start, or the text's end) replaced by
 * `newText`, as one edit covering only the lines that changed (so the editor keeps the cursor
 * and folds elsewhere); none when nothing did. Lines are compared with their line ends, so the
 * edit is exact by construction: compared without, a final newline added (a file that had none)
 * or a line end changed made the edit the whole text.
 */
function changedLines(text: string, lines: LineMap, { start, end, newText }: TextChange): TextEdit | undefined {
  const before = linesOf(text.slice(start, end));
  const after = linesOf(newText);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  if (head === before.length && head === after.length) return undefined;
  const from = start + before.slice(0, head).join('').length;
  const to = end - before.slice(before.length - tail).join('').length;
  return { range: lines.range(from, to), newText: after.slice(head, after.length - tail).join('') };
}

/** A byte order mark the client left in the text: kept, as 'mlpipe format' keeps a file's (formatted with it, the first line lost it). */
function withoutMark(text: string): { program: string; mark: number } {
  const program = pipelineText(text);
  return { program, mark: text.length - program.length };
}

/** The core formatter's result as one edit covering only the lines that changed. A file with syntax errors is left alone. */
export function formatDocument(text: string): TextEdit[] {
  const { program, mark } = withoutMark(text);
  const edit = changedLines(text, new LineMap(text), { start: mark, end: text.length, newText: format(program) });
  return edit ? [edit] : [];
}

/**
 * Range formatting (one range or several): the top-level statements the ranges touch, as
 * formatting the whole document writes them (`formatLineSpans`), an edit per run of adjacent
 * statements. A range that ends at a line's first character leaves that line out, as a
 * selection of whole lines does.
 */
export function formatRanges(text: string, ranges: Range[]): TextEdit[] {
  const { program, mark } = withoutMark(text);
  const spans = ranges.map((r): [number, number] => [r.start.line, r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line]);
  const lines = new LineMap(text);
  return formatLineSpans(program, spans).flatMap((c) => changedLines(text, lines, { start: c.start + mark, end: c.end + mark, newText: c.newText }) ?? []);
}

/** On-type formatting (`indentOnType`): indentation only, after a new line or a `}`. */
export function formatOnType(text: string, position: Position, ch: string): TextEdit[] {
  const lines = new LineMap(text);
  return indentOnType(text, lines.offsetAt(position), ch).map((c) => ({ range: lines.range(c.start, c.end), newText: c.newText }));
}
