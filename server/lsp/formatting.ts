import type { TextEdit } from 'vscode-languageserver';
import { format } from '../mlpipe/format/format.js';
import { LineMap } from '../mlpipe/index.js';
import { pipelineText } from '../mlpipe/syntax/fileText.js';

/**
 * The core formatter's result as one edit covering only the lines that changed (so the editor
 * keeps the cursor and folds elsewhere). A file with syntax errors is left alone.
 */
export function formatDocument(text: string): TextEdit[] {
  // A byte order mark the client left in the text is kept, as 'mlpipe format' keeps a file's:
  // formatted with it, the first line lost it and the client's file its encoding.
  const program = pipelineText(text);
  const formatted = text.slice(0, text.length - program.length) + format(program);
  if (formatted === text) return [];
  const a = new LineMap(text);
  const before = text.split(/\r?\n/);
  const after = formatted.split(/\r?\n/);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const eol = formatted.includes('\r\n') ? '\r\n' : '\n';
  const startLine = head;
  const endLine = before.length - tail; // exclusive
  const start = a.lineStarts[startLine] ?? text.length;
  const end = endLine < a.lineCount ? a.lineStarts[endLine] : text.length;
  let newText = after.slice(head, after.length - tail).join(eol);
  if (endLine < a.lineCount) newText += eol;
  // Edge cases of line-end bookkeeping (a trailing newline added or removed) fall back to
  // replacing the whole text, which is always right.
  if (text.slice(0, start) + newText + text.slice(end) !== formatted) return [{ range: a.range(0, text.length), newText: formatted }];
  return [{ range: a.range(start, end), newText }];
}
