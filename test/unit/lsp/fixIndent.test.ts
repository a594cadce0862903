/**
 * A block a quick fix inserts is indented as the file indents its blocks: with tabs in a file
 * written with tabs (it was always two spaces, which Format Document then had to undo).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from '../checker/fixture.js';

const host = () => memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS });

/** The pipeline with the environment block's fix applied. */
function withEnvironmentAdded(text: string): string {
  const a = analyze(text, host());
  const d = a.diagnostics.find((x) => x.code === 'repro/unpinned-environment');
  assert.ok(d, 'repro/unpinned-environment is reported');
  const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
  const action = codeActionsFor(doc, [toLspDiagnostic(d)], []).find((x) => x.title.startsWith("Add an 'environment' block"));
  assert.ok(action, 'the fix is offered');
  return TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), action.edit!.changes![doc.uri]!);
}

const withoutEnvironment = (text: string) => text.slice(0, text.indexOf('environment {'));

test('a file indented with tabs gets its new block indented with tabs', () => {
  const tabs = withoutEnvironment(basePipeline()).replace(/^ {2}/gm, '\t');
  const fixed = withEnvironmentAdded(tabs);
  assert.match(fixed, /environment \{\n\t[^\n]+\n\tbackend += cpu\n\tdeterministic = true\n\}\n/);
  assert.doesNotMatch(fixed, /^ /m, 'no line indented with spaces');
});

test('a file indented with two spaces, or four, keeps its own', () => {
  assert.match(withEnvironmentAdded(withoutEnvironment(basePipeline())), /\n {2}backend += cpu\n {2}deterministic = true\n\}\n/);
  const four = withoutEnvironment(basePipeline()).replace(/^ {2}/gm, '    ');
  assert.match(withEnvironmentAdded(four), /\n {4}backend += cpu\n {4}deterministic = true\n\}\n/);
});
