import type { TextEdit } from 'vscode-languageserver';
import { format } from '../mlpipe/format/format.js';
import { LineMap } from '../mlpipe/index.js';
import { pipelineText } from '../mlpipe/syntax/fileText.js';

/** A text's lines, each with its line end (LineMap's breaks: `\n`, `\r\n`, `\r`). */
function linesOf(text: string): string[] {
  const starts = new LineMap(text).lineStarts;
  return Array.from(starts, (start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

/**
 * The core formatter's result as one edit covering only the lines that changed (so the editor
 * keeps the cursor and folds elsewhere). A file with syntax errors is left alone. Lines are
 * compared with their line ends, so the edit is exact by construction: compared without, a
 * final newline added (a file that had none) or a line end changed made the edit the whole text.
 */
export function formatDocument(text: string): TextEdit[] {
  // A byte order mark the client left in the text is kept, as 'mlpipe format' keeps a file's:
  // formatted with it, the first line lost it and the client's file its encoding.
  const program = pipelineText(text);
  const formatted = text.slice(0, text.length - program.length) + format(program);
  if (formatted === text) return [];
  const before = linesOf(text);
  const after = linesOf(formatted);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const start = before.slice(0, head).join('').length;
  const end = text.length - before.slice(before.length - tail).join('').length;
  return [{ range: new LineMap(text).range(start, end), newText: after.slice(head, after.length - tail).join('') }];
}
