import { parse } from '../syntax/parser.js';
import { LineMap } from '../syntax/lineMap.js';
import { formatParts } from './format.js';

/** Text from `start` to `end` of the file, replaced by `newText`. */
export interface TextChange {
  start: number;
  end: number;
  newText: string;
}

/**
 * Range formatting: the top-level statements (each with the blank lines and comments above it)
 * that touch any of the line spans `[first, last]`, replaced by what formatting the whole file
 * writes for them (`formatParts`), one change per run of adjacent statements. So it is the
 * formatter's output, not a second formatter's: alignment across a block, a run of features and
 * the trailing comments of the top level is the whole file's, and a suppression comment moves
 * with the statements as whole-file formatting moves it. Lines of other statements are never
 * touched. A file with syntax errors is left alone, as the formatter leaves it.
 */
export function formatLineSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): TextChange[] {
  const parts = formatParts(parse(text));
  if (!parts) return [];
  const lines = new LineMap(text);
  const picked = parts.source.map((end, k) => {
    const start = k === 0 ? 0 : parts.source[k - 1];
    // An empty part (the end of a file whose last statement has no line break after it) touches nothing.
    if (end <= start) return false;
    const first = lines.positionAt(start).line;
    const last = lines.positionAt(end - 1).line;
    return spans.some(([a, b]) => a <= last && b >= first);
  });
  const changes: TextChange[] = [];
  for (let k = 0; k < picked.length; k++) {
    if (!picked[k]) continue;
    let j = k;
    while (j + 1 < picked.length && picked[j + 1]) j++;
    const start = k === 0 ? 0 : parts.source[k - 1];
    const newText = parts.text.slice(k === 0 ? 0 : parts.output[k - 1], parts.output[j]);
    if (text.slice(start, parts.source[j]) !== newText) changes.push({ start, end: parts.source[j], newText });
    k = j;
  }
  return changes;
}
