/**
 * Range formatting agrees with whole-document formatting and with the checker: on generated
 * pipelines, each written the ways the formatter's own property test writes them (`WRITINGS`),
 * formatting the range of any one statement writes exactly the lines whole-document formatting
 * writes for that statement (with the comments and blank lines above it) and nothing outside
 * them, and keeps every diagnostic.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { assertEachCase } from './firstFailure.js';
import { diagnosticsByStatement, WRITINGS } from './formatWritings.js';
import { format } from '../../server/mlpipe/format/format.js';
import { LineMap, parse } from '../../server/mlpipe/index.js';
import { formatRanges } from '../../server/lsp/formatting.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { pipelineArb, type PipelineCase } from './generate.js';

const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create('file:///p.mlpipe', 'mlpipe', 0, text), edits);

/**
 * Where each part of a text starts (the pipeline line, then each top-level statement, each from
 * the line after the one before it ends: the comments and blank lines above it are its own), and
 * where the last statement's line ends.
 */
function partStarts(text: string): number[] {
  const file = parse(text);
  const lines = new LineMap(text);
  const after = (offset: number) => {
    const line = lines.positionAt(offset).line;
    return line + 1 < lines.lineCount ? lines.lineStarts[line + 1] : text.length;
  };
  return [0, after(file.pipeline!.end), ...file.statements.map((s) => after(s.end))];
}

function checkRanges(c: PipelineCase): void {
  const host = memoryHost(c.data.files);
  for (const [how, write] of WRITINGS) {
    const text = write(c.text);
    const formatted = format(text);
    const lines = new LineMap(text);
    const whole: Range = { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) };
    assert.equal(apply(text, formatRanges(text, [whole])), formatted, `(${how}) the whole document's range is not formatted as the whole document\n${text}`);
    const parts = partStarts(text);
    const formattedParts = partStarts(formatted);
    const file = parse(text);
    const statements = [file.pipeline!, ...file.statements];
    statements.forEach((s, k) => {
      const range = lines.range(s.start, s.end);
      const ranged = apply(text, formatRanges(text, [range]));
      const show = `(${how}) statement ${k} (lines ${range.start.line}-${range.end.line}):\n${text}\n--- range formatted ---\n${ranged}`;
      const before = text.slice(0, parts[k]);
      const after = text.slice(parts[k + 1]);
      assert.ok(ranged.startsWith(before) && ranged.endsWith(after), `text outside the statement changed ${show}`);
      assert.equal(ranged.slice(before.length, ranged.length - after.length), formatted.slice(formattedParts[k], formattedParts[k + 1]), `the statement is not as whole-document formatting writes it ${show}`);
      assert.deepEqual(diagnosticsByStatement(ranged, host), diagnosticsByStatement(text, host), `diagnostics changed ${show}`);
    });
  }
}

describe('agreement: range formatting, the formatter and the checker (property-based)', () => {
  it('formatting one statement’s range writes what whole-document formatting writes there, and nothing else', () => {
    assertEachCase(pipelineArb, checkRanges, { numRuns: 15, endOnFailure: true });
  });
});
