/**
 * A text target (labels 'yes'/'no', a Parquet BOOLEAN's 'true'/'false') with no `task` is a
 * regression by the spec's inference, which the engine refuses for text, so the check says "set
 * 'task = classification' in model 'm'": and now its quick fix writes it, preferred (so "fix
 * all" and `mlpipe check --fix` do), since classification is the only task such a target can
 * have. Not over a stated `task = regression`, nor for numbers with a stray cell (a typo). The
 * same fix reported at a gate stays offered only: there the gate may be what is wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from '../checker/fixture.js';

const pipeline = (task: string, gate = 'accuracy >= 0.5') => `pipeline labels

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature fx = standardize(t.x)

model m {
  kind   = mlp
  inputs = [fx]
  seed   = 1${task}
}

evaluate {
  require ${gate}
}
`;

const csv = (label: (i: number) => string) => ['id,x,y', ...Array.from({ length: 40 }, (_, i) => `${i},${i * 0.5},${label(i)}`)].join('\n') + '\n';

function taskFix(text: string, data: string) {
  const host = () => memoryHost({ 't.csv': data });
  const a = analyze(text, host());
  const d = a.diagnostics.find((x) => x.code === 'invalid-value');
  assert.ok(d, 'invalid-value is reported');
  const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
  const actions = codeActionsFor(doc, [toLspDiagnostic(d)], []).filter((x) => !x.title.startsWith('Suppress'));
  const apply = (i: number) => TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), actions[i]!.edit!.changes![doc.uri]!);
  return { d, actions, apply, errorsAfter: (fixed: string) => analyze(fixed, host()).diagnostics.filter((x) => x.severity === 'error') };
}

test("a text target with no task: the fix writes 'task = classification', preferred, and the error goes", () => {
  for (const label of [(i: number) => (i % 2 ? 'yes' : 'no'), (i: number) => (i % 3 ? 'true' : 'false')]) {
    const { d, actions, apply, errorsAfter } = taskFix(pipeline(''), csv(label));
    assert.equal(d.message, "target 'y' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'");
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.title, "Set 'task = classification' in model 'm'");
    assert.equal(actions[0]!.isPreferred, true);
    const fixed = apply(0);
    assert.match(fixed, /^ {2}task {3}= classification$/m);
    assert.deepEqual(errorsAfter(fixed), []);
  }
});

test("no fix over a stated 'task = regression', nor for numbers with a stray cell", () => {
  const stated = taskFix(pipeline('\n  task   = regression', 'rmse <= 1'), csv((i) => (i % 2 ? 'yes' : 'no')));
  assert.equal(stated.d.data, undefined);
  const stray = taskFix(pipeline('', 'rmse <= 1'), csv((i) => (i === 5 ? 'N/A' : String(i * 1.5))));
  assert.match(stray.d.message, /'N\/A' in data row 6/);
  assert.equal(stray.d.data, undefined);
});

test('the same fix reported at a gate (classes written 1.0 to 5.0) is offered, not preferred', () => {
  const { d, actions } = taskFix(pipeline(''), csv((i) => `${(i % 5) + 1}.0`));
  assert.equal(d.range.start.line, pipeline('').split('\n').findIndex((l) => l.includes('require')), d.message);
  assert.equal(actions[0]!.title, "Set 'task = classification' in model 'm'");
  assert.equal(actions[0]!.isPreferred, undefined);
});
