/**
 * A target of text labels (a ticket's priority, a land-cover class) with no 'task' is read as a
 * regression, which the engine refuses; the error told the user to set 'task = classification'
 * but offered no quick fix, so 'mlpipe check --fix' and fix-all left the first error every such
 * pipeline meets. The fix writes the task; replacing a written 'task = regression' is offered on
 * the lightbulb but left by fix-all (it overrides a choice).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { fixAll } from '../../../server/lsp/fixAll.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { hashOf, memoryHost } from './fixture.js';

const labels = ['low', 'medium', 'high', 'urgent'];
const csv = 'id,length,priority\n' + Array.from({ length: 40 }, (_, i) => `${i},${10 + i},${labels[i % 4]}`).join('\n') + '\n';
const host = memoryHost({ 't.csv': csv }, ['package-lock.json']);
const pipeline = (task: string) =>
  `pipeline tickets\n\ndata tickets {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = priority\n  key    = id\n}\n\nsplit {\n  test = 0.25\n  seed = 1\n}\n\n` +
  `feature len = standardize(tickets.length)\n\nmodel m {\n  kind   = mlp\n  inputs = [len]\n  seed   = 1${task}\n}\n\n` +
  'environment {\n  lockfile      = "package-lock.json"\n  backend       = cpu\n  deterministic = true\n}\n';
const problems = (text: string) => analyze(text, host).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

function actions(text: string) {
  const a = analyze(text, host);
  const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///work/p.mlpipe', version: 1, path: '/work/p.mlpipe', text };
  const [d] = a.diagnostics.filter((x) => x.code === 'invalid-value');
  assert.ok(d, JSON.stringify(a.diagnostics));
  assert.deepEqual(d.data, { fix: 'set-task', model: 'm' });
  const apply = (edits: Parameters<typeof TextDocument.applyEdits>[1]) => TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), edits);
  return { offered: codeActionsFor(doc, [toLspDiagnostic(d)], []).filter((c) => !c.title.startsWith('Suppress')), all: fixAll(doc, []), apply };
}

describe("a text target without 'task = classification'", () => {
  it('is offered the task as its quick fix, and fix-all takes it to a clean check', () => {
    const text = pipeline('');
    assert.deepEqual(problems(text).map((d) => d.message), ["target 'priority' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'"]);
    const { offered, all, apply } = actions(text);
    assert.deepEqual(offered.map((c) => [c.title, c.isPreferred ?? false]), [["Set 'task = classification' in model 'm'", true]]);
    const fixed = apply(offered[0].edit!.changes!['file:///work/p.mlpipe']);
    assert.equal(fixed, pipeline('\n  task   = classification'));
    assert.deepEqual(problems(fixed), []);
    assert.deepEqual(all.applied.map((x) => x.title), ["Set 'task = classification' in model 'm'"]);
  });

  it("replaces a written 'task = regression' on the lightbulb only", () => {
    const text = pipeline('\n  task   = regression');
    const { offered, all, apply } = actions(text);
    assert.deepEqual(offered.map((c) => [c.title, c.isPreferred ?? false]), [["Set 'task = classification' in model 'm'", false]]);
    assert.equal(apply(offered[0].edit!.changes!['file:///work/p.mlpipe']), pipeline('\n  task   = classification'));
    assert.deepEqual(all.applied, []);
  });
});
