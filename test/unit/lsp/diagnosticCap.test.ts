import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { publishedDiagnostics } from '../../../server/lsp/diagnosticCap.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import type { Diagnostic, Severity } from '../../../server/mlpipe/index.js';

/** A diagnostic on line `line` (one per line, in document order). */
const diag = (severity: Severity, line: number): Diagnostic =>
  ({ code: 'unknown-reference', severity, message: `${severity} on line ${line}`, start: line * 10, end: line * 10 + 3, range: { start: { line, character: 0 }, end: { line, character: 3 } } }) as Diagnostic;

// Infos and warnings first in the file, errors last: the cap must still keep the errors.
const file = [...Array.from({ length: 30 }, (_, i) => diag('info', i)), ...Array.from({ length: 5 }, (_, i) => diag('warning', 30 + i)), ...Array.from({ length: 4 }, (_, i) => diag('error', 40 + i))];

test('under the cap, or with no cap, every diagnostic is published as it converts', () => {
  assert.deepEqual(publishedDiagnostics(file, 39), file.map(toLspDiagnostic));
  assert.deepEqual(publishedDiagnostics(file, 0), file.map(toLspDiagnostic));
});

test('over the cap: errors, then warnings, then infos, and one more diagnostic counting the rest', () => {
  const out = publishedDiagnostics(file, 7);
  assert.equal(out.length, 8);
  const shown = out.slice(0, 7).map((d) => d.message);
  assert.deepEqual(shown, ['warning on line 30', 'warning on line 31', 'warning on line 32', 'error on line 40', 'error on line 41', 'error on line 42', 'error on line 43']);
  const more = out[7]!;
  assert.match(more.message, /^32 more problems in this file not shown \(2 warnings, 30 infos\): at most 7 are shown per file/);
  assert.match(more.message, /'mlpipe\.diagnostics\.maxPerFile'/);
  assert.equal(more.severity, DiagnosticSeverity.Warning);
  // At the first one left out, in document order.
  assert.deepEqual(more.range, file[0]!.range);
});

test('an error left out makes the count an error: none is dropped silently', () => {
  const out = publishedDiagnostics(file, 2);
  assert.deepEqual(out.slice(0, 2).map((d) => d.message), ['error on line 40', 'error on line 41']);
  assert.equal(out[2]!.severity, DiagnosticSeverity.Error);
  assert.match(out[2]!.message, /^37 more problems in this file not shown \(2 errors, 5 warnings, 30 infos\)/);
  assert.deepEqual(out[2]!.range, file[0]!.range);
  // Shown plus counted is every diagnostic, whatever the cap.
  for (let max = 1; max <= 40; max++) {
    const o = publishedDiagnostics(file, max);
    const counted = o.length > file.length ? 0 : Number(/^(\d+) more/.exec(o[o.length - 1]!.message)?.[1] ?? 0);
    assert.equal(o.length - (counted ? 1 : 0) + counted, file.length, `cap ${max}`);
  }
});
