/**
 * Hovering a data block's `version` string says what it pins: the pinned hash, the file's hash
 * as the data inspector read it, and whether they match. It showed nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { hoverAt } from '../../../server/lsp/hover.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, hashOf, memoryHost, ORDERS } from '../checker/fixture.js';

function hoverOnVersion(text: string, files: Record<string, string>): string {
  const host = memoryHost(files, ['package-lock.json']);
  const a = analyze(text, host);
  const data = new Map(['customers.csv', 'orders.csv'].map((s) => [s, host.data!(s)!] as const));
  const doc: DocAnalysis = { ...a, data, dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
  const at = text.indexOf('version = "') + 'version = "'.length + 3;
  const h = hoverAt(doc, at);
  assert.ok(h, 'a hover on the version string');
  return (h.contents as { value: string }).value;
}

test('a pin that matches the file says so, with both hashes', () => {
  const md = hoverOnVersion(basePipeline(), { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS });
  assert.match(md, /\*\*version\*\* of data customers/);
  assert.ok(md.includes(`Pinned: \`${hashOf(CUSTOMERS)}\``), md);
  assert.ok(md.includes(`The file now: \`${hashOf(CUSTOMERS)}\``), md);
  assert.match(md, /The pin \*\*matches\*\* the file/);
});

test('a pin of other bytes says it does not match, with the hash to re-pin to', () => {
  const changed = CUSTOMERS + 'C999,2025-06-01,10,basic,0,1\n';
  const md = hoverOnVersion(basePipeline(), { 'customers.csv': changed, 'orders.csv': ORDERS });
  assert.ok(md.includes(`Pinned: \`${hashOf(CUSTOMERS)}\``), md);
  assert.ok(md.includes(`The file now: \`${hashOf(changed)}\``), md);
  assert.match(md, /does not match\*\* the file \(`repro\/data-changed`\)/);
});

test('a missing file: the pin alone, and why nothing is compared', () => {
  const md = hoverOnVersion(basePipeline(), { 'orders.csv': ORDERS });
  assert.ok(md.includes(`Pinned: \`${hashOf(CUSTOMERS)}\``), md);
  assert.match(md, /does not exist .*nothing to compare/);
});
