import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import type { SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';

/**
 * A declaration an edit did not touch keeps its reads between bindings (the same node, its
 * `bound` slot) only while every name its walk asked about answers alike: the kept reads are
 * the record of those answers. Here the same declaration nodes are bound beside a new feature.
 */
const DATA = 'data customers {\n  source = "c.csv"\n  target = churned\n}\ndata orders {\n  source = "o.csv"\n}\n';
const READER = 'feature reader = log1p(tenure) + window_sum(orders.value, 30d, as_of = snapshot_at)\n';

function withFeature(file: SourceFile, line: string): SourceFile {
  const added = parse(DATA + line).statements.filter((s) => s.kind === 'Feature');
  return { ...file, statements: [...file.statements, ...added] };
}

const readsOf = (file: SourceFile) => {
  const f = bind(file).features.get('reader')!;
  return { features: [...f.features], columns: f.columns.map((c) => `${c.table}.${c.column}`) };
};

test('a kept declaration re-reads a bare name that has become a feature, and back', () => {
  const file = parse(DATA + READER);
  assert.deepEqual(readsOf(file), { features: [], columns: ['customers.tenure', 'orders.value', 'customers.snapshot_at'] });
  const named = withFeature(file, 'feature tenure = 1\n');
  assert.deepEqual(readsOf(named), { features: ['tenure'], columns: ['orders.value', 'customers.snapshot_at'] });
  assert.deepEqual(readsOf(file), { features: [], columns: ['customers.tenure', 'orders.value', 'customers.snapshot_at'] });
});

test("a window's as_of names a column whatever features exist: a feature of its name changes no read", () => {
  const file = parse(DATA + READER);
  const before = readsOf(file);
  assert.deepEqual(readsOf(withFeature(file, 'feature snapshot_at = 1\n')), before);
  assert.deepEqual(readsOf(withFeature(file, 'feature other = 1\n')), before);
});
