/**
 * skew/group-leakage's quick fix: 'by = KEY' added to the split, preferred (so "fix all" writes
 * it) for a random split, offered but not preferred for a time split, where an entity's past
 * training and its future testing may be the evaluation meant; with no split block, a block by
 * the key that "fix all" never writes beside the seeded one of repro/unseeded-split.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from '../checker/fixture.js';

const host = () => memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS });

function leakageFix(text: string) {
  const a = analyze(text, host());
  const d = a.diagnostics.find((x) => x.code === 'skew/group-leakage');
  assert.ok(d, 'skew/group-leakage is reported');
  const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
  const [action, ...rest] = codeActionsFor(doc, [toLspDiagnostic(d)], []).filter((x) => !x.title.startsWith('Suppress'));
  assert.equal(rest.length, 0);
  const fixed = TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), action!.edit!.changes![doc.uri]!);
  return { action: action!, fixed, after: analyze(fixed, host()).diagnostics.filter((x) => x.code === 'skew/group-leakage') };
}

const withoutBy = edit(basePipeline(), '  by   = customer_id\n', '');

test('a random split gets by = the key, as the preferred fix, and the warning goes', () => {
  const { action, fixed, after } = leakageFix(withoutBy);
  assert.equal(action.title, "Split by 'customer_id' (whole entities on one side)");
  assert.equal(action.isPreferred, true);
  assert.match(fixed, /split \{\n(  [^\n]*\n)*  by += customer_id\n\}/);
  assert.deepEqual(after, []);
});

test('a time split gets the same fix, not preferred', () => {
  const { action, after } = leakageFix(edit(withoutBy, '  seed = 42\n', '  order = time\n'));
  assert.equal(action.isPreferred, undefined);
  assert.deepEqual(after, []);
});

test('no split block: a block by the key, not preferred', () => {
  const noSplit = withoutBy.replace(/split \{[^}]*\}\n/, '');
  assert.doesNotMatch(noSplit, /split \{/);
  const { action, fixed, after } = leakageFix(noSplit);
  assert.equal(action.title, "Add a 'split' block by 'customer_id' (test = 0.2)");
  assert.equal(action.isPreferred, undefined);
  assert.match(fixed, /split \{\n {2}test = 0\.2\n {2}by {3}= customer_id\n\}/);
  assert.deepEqual(after, []);
});

test('no fix when splitting by the key would leave a side without rows (a few entities, a large test share)', () => {
  // A regression: 'test = 0.99' trains on one row, which a classifier is refused (one class).
  const regression = edit(edit(withoutBy, '  kind   = mlp\n', '  kind   = mlp\n  task   = regression\n'), 'require auc >= 0.7', 'require rmse <= 0.5');
  const text = edit(regression, '  test = 0.2\n', '  test = 0.99\n');
  const a = analyze(text, host());
  const d = a.diagnostics.find((x) => x.code === 'skew/group-leakage');
  assert.ok(d, 'skew/group-leakage is reported');
  assert.equal(d.data, undefined, 'no fix data');
  assert.deepEqual(a.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message), [], 'the split as written runs');
  // The same split by the key is the empty-split error the fix would have traded the warning for.
  const byKey = analyze(text.replace('  test = 0.99\n', '  test = 0.99\n  by = customer_id\n'), host());
  assert.match(byKey.diagnostics.find((x) => x.severity === 'error')?.message ?? '', /^the split leaves 0 training/);
});
