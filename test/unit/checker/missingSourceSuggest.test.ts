/**
 * A misspelt source ('data/custmers.csv' for 'data/customers.csv') was told only that it does
 * not exist, with no "Did you mean" and no quick fix, though a misspelt name anywhere else gets
 * both. The files come through the host (the checker lists no folder itself), only for a
 * missing source, once per folder.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { codeActionsFor } from '../../../server/lsp/codeActions.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { analyze, type CheckHost } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

const inData = { 'data/customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
const misspelt = (source: string) => edit(basePipeline(), 'source  = "customers.csv"', `source  = "${source}"`);
const missing = (text: string, host: CheckHost) => analyze(text, host).diagnostics.filter((d) => d.code === 'repro/missing-source');

describe('a missing source', () => {
  it('is offered the data file of a close name in its folder, and the fix gives a clean check', { timeout: 30_000 }, () => {
    const host = memoryHost(inData, ['package-lock.json']);
    const text = misspelt('data/custmers.csv');
    const before = analyze(text, host);
    const found = before.diagnostics.filter((d) => d.code === 'repro/missing-source');
    assert.equal(found.length, 1, JSON.stringify(before.diagnostics));
    assert.equal(found[0].message, "'data/custmers.csv' does not exist (looked for /work/data/custmers.csv). Did you mean 'data/customers.csv'?");
    assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'data/customers.csv' });

    const doc: DocAnalysis = { ...before, data: new Map(), dependencies: [], uri: 'file:///work/p.mlpipe', version: 1, path: '/work/p.mlpipe', text };
    const [action, ...rest] = codeActionsFor(doc, [toLspDiagnostic(found[0])], []);
    assert.equal(rest.length, 0);
    assert.equal(action.title, "Change to 'data/customers.csv'");
    const fixed = TextDocument.applyEdits(TextDocument.create(doc.uri, 'mlpipe', 1, text), action.edit!.changes![doc.uri]);
    assert.equal(fixed, misspelt('data/customers.csv'));
    assert.deepEqual(analyze(fixed, host).diagnostics, []);
  });

  it('is offered its very name in a folder next to it: the pipeline\'s own, or its data folder', { timeout: 30_000 }, () => {
    const host = memoryHost(inData, ['package-lock.json']);
    assert.deepEqual(missing(misspelt('customers.csv'), host)[0]?.data, { fix: 'did-you-mean', name: 'data/customers.csv' });
    const orders = edit(misspelt('data/customers.csv'), '"orders.csv"', '"data/orders.csv"');
    assert.deepEqual(missing(orders, host)[0]?.data, { fix: 'did-you-mean', name: 'orders.csv' });
  });

  it('is offered nothing when no data file is close, nor a close file of another format', { timeout: 30_000 }, () => {
    const host = memoryHost(inData, ['package-lock.json', 'data/report.json']);
    for (const source of ['data/zebras.csv', 'data/report.jsn']) {
      const [d, ...more] = missing(misspelt(source), host);
      assert.equal(more.length, 0);
      assert.equal(d?.message, `'${source}' does not exist (looked for /work/${source})`);
      assert.equal(d?.data, undefined);
    }
    // A host that cannot list folders (a syntax-and-data check without them) suggests nothing.
    assert.equal(missing(misspelt('data/custmers.csv'), { ...host, files: undefined })[0]?.data, undefined);
  });

  it('lists a folder once per check, and none while every source exists', { timeout: 30_000 }, () => {
    const base = memoryHost(inData, ['package-lock.json']);
    const listed: string[] = [];
    const host: CheckHost = { ...base, files: (folder) => (listed.push(folder), base.files!(folder)) };
    analyze(edit(misspelt('data/customers.csv'), '"orders.csv"', '"data/orders.csv"'), host);
    analyze(misspelt('data/customers.csv'), host);
    assert.deepEqual(listed.sort(), ['', 'data/']);
    listed.length = 0;
    const both = edit(misspelt('data/custmers.csv'), '"orders.csv"', '"data/ordrs.csv"');
    assert.equal(missing(both, host).length, 2);
    assert.deepEqual(listed.sort(), ['', 'data/']);
  });
});
