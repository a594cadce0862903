import { TOP_LEVEL_BLOCKS } from '../language/blocks.js';
import { Scanner } from '../syntax/lexer.js';
import { LineMap } from '../syntax/lineMap.js';
import { INDENT } from './format.js';
import type { TextChange } from './formatRange.js';

/** The characters whose typing re-indents (on-type formatting): a new line, and a block's `}`. */
export const ON_TYPE_TRIGGERS = ['\n', '}'] as const;

/**
 * A line that starts a top-level statement where it stands at the line's start (the pipeline
 * line, a feature, a top-level block's header): no block or bracket is open before it, so the
 * indentation after it is counted from there, not from the file's start (typing must stay cheap
 * in a 5,000-line file). In a file whose nested lines are not indented this may start inside a
 * block, and the indentation given is off by that block; the text's meaning never changes.
 */
const STATEMENT_LINE = new RegExp(`^(?:(?:pipeline|feature)[ \\t]|(?:${TOP_LEVEL_BLOCKS.join('|')})\\b[ \\t]*(?:[A-Za-z_]\\w*[ \\t]*)?\\{)`);

interface Open {
  blocks: number;
  brackets: number;
}

/**
 * How many blocks and brackets are open at the start of each line `from`…`to`, read from the
 * nearest statement line at or above `from`; and, when `close` is the offset of a `}`, the line
 * of the `{` it closes (-1: none seen).
 */
function openAt(text: string, lines: LineMap, from: number, to: number, close = -1): { states: Open[]; opener: number } {
  let anchor = from;
  while (anchor > 0 && !STATEMENT_LINE.test(text.slice(lines.lineStarts[anchor], lines.lineEnd(anchor)))) anchor--;
  const scanner = new Scanner(text, lines.lineStarts[anchor]);
  const states: Open[] = [];
  const openers: number[] = [];
  let opener = -1;
  let brackets = 0;
  let line = anchor;
  for (let t = scanner.next(); line <= to || (close >= 0 && opener < 0); t = scanner.next(t)) {
    // A line gets the state before the first token at or after its start.
    for (; line <= to && (t.kind === 'eof' || lines.lineStarts[line] <= t.start); line++) if (line >= from) states.push({ blocks: openers.length, brackets });
    if (t.kind === 'eof') break;
    if (t.kind === '{') openers.push(lines.positionAt(t.start).line);
    else if (t.kind === '}') {
      const o = openers.pop();
      if (t.start === close) opener = o ?? -1;
    } else if (t.kind === '(' || t.kind === '[') brackets++;
    else if (t.kind === ')' || t.kind === ']') brackets = Math.max(0, brackets - 1);
    // Past the `}` (one in a comment or a string is no token): nothing more to look for.
    if (close >= 0 && t.start >= close && opener < 0) close = -1;
  }
  return { states, opener };
}

/**
 * On-type formatting: after a new line, that line indented to the depth of the block it is in;
 * after a `}`, the lines of the block it closes, its own line included. Only the indentation at
 * the start of lines changes (as the formatter writes it: `INDENT` per open block, a line
 * starting with `}` one less, a blank line empty), so the file's meaning never does. A line that
 * starts inside a list or a call is left as it is (the formatter joins those lines). `offset` is
 * where the typed character ends.
 */
export function indentOnType(text: string, offset: number, ch: string): TextChange[] {
  const lines = new LineMap(text);
  const changes: TextChange[] = [];
  const reindent = (line: number, state: Open, keepBlank: boolean) => {
    if (state.brackets > 0) return;
    const start = lines.lineStarts[line];
    const content = text.slice(start, lines.lineEnd(line));
    const lead = /^[ \t\f]*/.exec(content)![0];
    const blank = lead.length === content.length;
    const want = blank && !keepBlank ? '' : INDENT.repeat(Math.max(0, state.blocks - (content.startsWith('}', lead.length) ? 1 : 0)));
    if (lead !== want) changes.push({ start, end: start + lead.length, newText: want });
  };
  if (ch === '\n') {
    const line = lines.positionAt(offset).line;
    if (line === 0) return [];
    const { states } = openAt(text, lines, line - 1, line);
    // The line left behind, when it holds only spaces: emptied, as the formatter writes a blank line.
    const left = text.slice(lines.lineStarts[line - 1], lines.lineEnd(line - 1));
    if (left !== '' && /^[ \t\f]*$/.test(left) && states[0].brackets === 0) changes.push({ start: lines.lineStarts[line - 1], end: lines.lineEnd(line - 1), newText: '' });
    reindent(line, states[1], true);
    return changes;
  }
  if (ch === '}' && text[offset - 1] === '}') {
    const close = lines.positionAt(offset - 1).line;
    const { opener } = openAt(text, lines, close, close, offset - 1);
    // A `}` that closes nothing, or one typed in a comment or a string, re-indents nothing.
    if (opener < 0 || opener === close) return [];
    openAt(text, lines, opener + 1, close).states.forEach((s, k) => reindent(opener + 1 + k, s, false));
  }
  return changes;
}
