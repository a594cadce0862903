/**
 * lifecycle/unused-default: a serve default for a primary-table column no feature of the served
 * model reads (by `servedRequestFields`, the list `/metadata` gives) fills nothing. Reported at
 * the entry, with a fix removing it; quiet where the column is read (as a value, a window's
 * `as_of`), where nothing is served, where the plan cannot be made, and without data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { servedRequestFields } from '../../../server/mlpipe/served.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

const CODE = 'lifecycle/unused-default';
const host = () => memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
const withDefaults = (body: string, text = basePipeline()) => edit(text, '  model = churn_model@production\n', `  model = churn_model@production\n  defaults {\n${body}  }\n`);
const unused = (text: string) => analyze(text, host()).diagnostics.filter((d) => d.code === CODE);

function fixOf(text: string) {
  const a = analyze(text, host());
  const d = a.diagnostics.find((x) => x.code === CODE);
  assert.ok(d, `${CODE} is reported`);
  const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
  const actions = codeActionsFor(doc, [toLspDiagnostic(d)], []);
  const action = actions.find((x) => !x.title.startsWith('Suppress'));
  assert.ok(action, 'a fix is offered');
  assert.ok(actions.some((x) => x.title === `Suppress '${CODE}' on this line`), 'an info can be suppressed');
  const fixed = TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), action.edit!.changes![doc.uri]!);
  return { action, fixed, after: analyze(fixed, host()).diagnostics };
}

describe(CODE, () => {
  it('is reported at a default for a column no served feature reads, as an info naming what to do', () => {
    const text = withDefaults('    tenure_days     = 0\n    support_tickets = 0\n');
    // The served model's request fields, the one list: 'support_tickets' is not among them.
    assert.ok(!servedRequestFields(analyze(text, host()).binding)!.some((f) => f.column === 'support_tickets'));
    const [d, ...rest] = unused(text);
    assert.equal(rest.length, 0, 'tenure_days is read');
    assert.equal(d.severity, 'info');
    assert.equal(text.slice(d.start, d.end), 'support_tickets = 0');
    assert.match(d.message, /'support_tickets' fills nothing/);
    assert.match(d.message, /remove the entry, or read the column in a feature/);
  });

  it("stays quiet for columns read as a value or as a window's as_of", () => {
    assert.deepEqual(unused(withDefaults('    tenure_days = 0\n    plan        = "basic"\n    snapshot_at = "2025-06-01"\n')), []);
  });

  it('stays quiet when nothing is served, or the plan cannot be made', () => {
    const text = withDefaults('    support_tickets = 0\n');
    assert.deepEqual(unused(edit(text, 'model = churn_model@production', 'model = nobody@production')), []);
    // An input that names nothing: the compiler refuses the plan (unknown-reference says why).
    const broken = analyze(edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_zz, plan]'), host()).diagnostics;
    assert.ok(broken.some((d) => d.code === 'unknown-reference'));
    assert.deepEqual(broken.filter((d) => d.code === CODE), []);
  });

  it('stays quiet without data to know the column by, and for a column the data lacks', () => {
    const text = withDefaults('    support_tickets = 0\n');
    assert.deepEqual(analyze(text, memoryHost({}, ['package-lock.json'])).diagnostics.filter((d) => d.code === CODE), []);
    const typo = analyze(withDefaults('    support_tix = 0\n'), host()).diagnostics;
    assert.ok(typo.some((d) => d.code === 'unknown-reference'));
    assert.deepEqual(typo.filter((d) => d.code === CODE), []);
  });

  it('is suppressed by a disable comment on the line before', () => {
    assert.deepEqual(unused(withDefaults(`    # mlpipe-disable-next-line ${CODE}\n    support_tickets = 0\n`)), []);
  });

  it('the fix (not preferred) removes the entry line, and the result checks clean', () => {
    const text = withDefaults('    tenure_days     = 0\n    support_tickets = 0  # tickets are never missing\n');
    const { action, fixed, after } = fixOf(text);
    assert.equal(action.title, "Remove the serve default for 'support_tickets'");
    // Reading the column may be what was meant: "fix all" leaves the choice to a person.
    assert.equal(action.isPreferred, undefined);
    assert.equal(fixed, withDefaults('    tenure_days     = 0\n'));
    assert.deepEqual(after.map((d) => d.code), []);
  });

  it('the fix removes one entry of several on a line, with its comma', () => {
    const first = fixOf(edit(basePipeline(), '  model = churn_model@production\n', '  model = churn_model@production\n  defaults { support_tickets = 0, tenure_days = 0 }\n'));
    assert.match(first.fixed, /\n {2}defaults \{ tenure_days = 0 \}\n/);
    assert.deepEqual(first.after.map((d) => d.code), []);
    const last = fixOf(edit(basePipeline(), '  model = churn_model@production\n', '  model = churn_model@production\n  defaults { tenure_days = 0, support_tickets = 0 }\n'));
    assert.match(last.fixed, /\n {2}defaults \{ tenure_days = 0 \}\n/);
    assert.deepEqual(last.after.map((d) => d.code), []);
  });
});
