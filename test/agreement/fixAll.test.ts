/**
 * "Fix all" (`mlpipe check --fix`, the editor's `source.fixAll`) never damages a pipeline: on
 * generated pipelines, its fixes are applied pass after pass as the CLI applies them, until none
 * is left. The result parses, has no error the original did not have (unless a fix removed an
 * error that masked it: fixes.test.ts holds those to the engine's verdict), and is stable:
 * formatting it changes no diagnostic, and "fix all" finds nothing more in the formatted file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertEachCase } from './firstFailure.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../server/lsp/analyses.js';
import { fixAll, type AppliedFix } from '../../server/lsp/fixAll.js';
import { format } from '../../server/mlpipe/format/format.js';
import { analyze, type CheckHost, type Diagnostic } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { pipelineArb, type PipelineCase } from './generate.js';

const URI = 'file:///w/gen.mlpipe';
/** The CLI's bound on passes (server/cli/fixFiles.ts). */
const MAX_PASSES = 10;

function fixes(text: string, host: CheckHost): { analysis: ReturnType<typeof analyze>; found: ReturnType<typeof fixAll> } {
  const analysis = analyze(text, host);
  const doc: DocAnalysis = { ...analysis, data: new Map(), dependencies: [], uri: URI, version: 1, path: '/w/gen.mlpipe', text };
  return { analysis, found: fixAll(doc, []) };
}

const errorCounts = (ds: Diagnostic[]) => {
  const counts = new Map<string, number>();
  for (const d of ds) if (d.severity === 'error') counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
};
const byStatement = (a: ReturnType<typeof analyze>) => a.diagnostics.map((d) => `${d.code} @${a.file.statements.findIndex((s) => s.start <= d.start && d.start <= s.end)}`).sort();

function checkFixAll(c: PipelineCase, stats: { applied: number }): void {
  const host = memoryHost(c.data.files);
  const before = analyze(c.text, host);
  let text = c.text;
  const applied: AppliedFix[] = [];
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    const { found } = fixes(text, host);
    if (found.applied.length === 0) break;
    applied.push(...found.applied);
    text = TextDocument.applyEdits(TextDocument.create(URI, 'mlpipe', passes, text), found.edits);
  }
  stats.applied += applied.length;
  const show = `${c.text}\n--- fixed (${applied.map((f) => f.code).join(', ')}) ---\n${text}`;
  assert.ok(passes < MAX_PASSES, `fix all still finds fixes after ${MAX_PASSES} passes: ${show}`);
  const after = analyze(text, host);
  assert.deepEqual(after.file.syntaxErrors.map((e) => e.message), [], `fix all broke the syntax: ${show}`);
  // An error code with more errors than before: only where a fixed error masked it.
  const was = errorCounts(before.diagnostics);
  const added = [...errorCounts(after.diagnostics)].filter(([code, n]) => n > (was.get(code) ?? 0)).map(([code]) => code);
  const fixedAnError = applied.some((f) => before.diagnostics.some((d) => d.code === f.code && d.severity === 'error'));
  assert.ok(added.length === 0 || fixedAnError, `fix all introduced '${added.join("', '")}': ${show}`);
  // Stable: formatting keeps the diagnostics, and leaves nothing more to fix.
  const formatted = format(text);
  const again = fixes(formatted, host);
  assert.deepEqual(byStatement(again.analysis), byStatement(after), `formatting the fixed file changed its diagnostics: ${show}\n--- formatted ---\n${formatted}`);
  assert.deepEqual(again.found.applied, [], `fix all finds more in the formatted file: ${show}\n--- formatted ---\n${formatted}`);
}

describe('agreement: fix all, then format (property-based)', () => {
  it('terminates, keeps the syntax, adds no error, and is stable under formatting', () => {
    const stats = { applied: 0 };
    // No shrinking: each step re-checks the file once per pass; the first failure is shown whole.
    assertEachCase(pipelineArb, (c) => checkFixAll(c, stats), { numRuns: 40, endOnFailure: true });
    assert.ok(stats.applied > 40, `too few fixes applied: ${stats.applied}`);
  });
});
