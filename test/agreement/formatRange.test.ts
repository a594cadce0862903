/**
 * Range and on-type formatting agree with whole-document formatting and with the checker: on
 * generated pipelines, each written the ways the formatter's own property test writes them
 * (`WRITINGS`), formatting the range of any one statement writes exactly the lines whole-document
 * formatting writes for that statement (with the comments and blank lines above it) and nothing
 * outside them, and keeps every diagnostic; on-type formatting changes only indentation (the
 * parsed tree and the diagnostics stay as they were) and leaves a formatted file as it is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { assertEachCase } from './firstFailure.js';
import { diagnosticsByStatement, WRITINGS } from './formatWritings.js';
import { format } from '../../server/mlpipe/format/format.js';
import { LineMap, parse } from '../../server/mlpipe/index.js';
import { formatOnType, formatRanges } from '../../server/lsp/formatting.js';
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

/** The tree without positions, and the comments' texts: what on-type formatting must keep. */
const meaning = (text: string) => {
  const file = parse(text);
  const drop = new Set(['start', 'end', 'open', 'close', 'text']);
  return JSON.stringify([file.pipeline, file.statements, file.syntaxErrors.map((e) => e.message)], (k, v: unknown) => (drop.has(k) && typeof v === 'number' ? undefined : v)) + JSON.stringify(file.comments.map((c) => c.text));
};

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

function checkOnType(c: PipelineCase): void {
  const host = memoryHost(c.data.files);
  for (const [how, write] of WRITINGS) {
    let text = write(c.text);
    const kept = meaning(text);
    const diagnostics = diagnosticsByStatement(text, host);
    // Each trigger in turn, the edits applied before the next: a new line typed before each line, each `}` typed.
    const lineCount = new LineMap(text).lineCount;
    for (let line = 1; line < lineCount; line++) {
      text = apply(text, formatOnType(text, { line, character: 0 }, '\n'));
      assert.equal(meaning(text), kept, `(${how}) a new line before line ${line} changed the meaning:\n${text}`);
    }
    for (let at = text.indexOf('}'); at >= 0; at = text.indexOf('}', at + 1)) {
      const lines = new LineMap(text);
      const edited = apply(text, formatOnType(text, lines.positionAt(at + 1), '}'));
      assert.equal(meaning(edited), kept, `(${how}) typing the '}' at ${at} changed the meaning:\n${text}\n--- after ---\n${edited}`);
      // Indentation moves the braces after this one: find the same one again.
      at += edited.length - text.length;
      text = edited;
    }
    assert.deepEqual(diagnosticsByStatement(text, host), diagnostics, `(${how}) diagnostics changed:\n${text}`);
    // In a formatted file every line is indented as on-type formatting indents it.
    const formatted = format(text);
    const flines = new LineMap(formatted);
    for (let line = 1; line < flines.lineCount; line++) {
      if (formatted.slice(flines.lineStarts[line], flines.lineEnd(line)).trim() === '') continue;
      assert.deepEqual(formatOnType(formatted, { line, character: 0 }, '\n'), [], `(${how}) a new line before line ${line} re-indented a formatted file:\n${formatted}`);
    }
    for (let at = formatted.indexOf('}'); at >= 0; at = formatted.indexOf('}', at + 1)) {
      assert.deepEqual(formatOnType(formatted, flines.positionAt(at + 1), '}'), [], `(${how}) the '}' at ${at} re-indented a formatted file:\n${formatted}`);
    }
  }
}

describe('agreement: range and on-type formatting, the formatter and the checker (property-based)', () => {
  it('formatting one statement’s range writes what whole-document formatting writes there, and nothing else', () => {
    assertEachCase(pipelineArb, checkRanges, { numRuns: 15, endOnFailure: true });
  });
  it('on-type formatting changes only indentation, and nothing in a formatted file', () => {
    assertEachCase(pipelineArb, checkOnType, { numRuns: 15, endOnFailure: true });
  });
});
