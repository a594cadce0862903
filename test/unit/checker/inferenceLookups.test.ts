import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { CheckContext } from '../../../server/mlpipe/checker/context.js';
import { typesOf } from '../../../server/mlpipe/checker/exprType.js';
import { invalidValue } from '../../../server/mlpipe/checker/rules/invalidValue.js';
import { typeMismatch } from '../../../server/mlpipe/checker/rules/typeMismatch.js';
import { unknownReference } from '../../../server/mlpipe/checker/rules/unknownReference.js';
import { runRules } from '../../../server/mlpipe/checker/walk.js';
import type { CheckHost } from '../../../server/mlpipe/index.js';
import type { Reference } from '../../../server/mlpipe/syntax/ast.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { basePipeline, CUSTOMERS, customersCsv, memoryHost, ORDERS } from './fixture.js';

/**
 * What the type inference and the rules reading every name ask of the file's features and the
 * tables' data: these run for every name of every feature and every model input on each check,
 * so a second look-up of the same name is a cost a 5,000-line file pays thousands of times.
 */

function contextOf(text: string, host: CheckHost = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS })) {
  const file = parse(text);
  const binding = bind(file);
  return { file, ctx: new CheckContext(file, binding, new LineMap(text), host) };
}

/** Counts the look-ups of the binding's features by name (`get` and `has`). */
function countFeatureLookups(ctx: CheckContext): { n: number } {
  const counter = { n: 0 };
  const features = ctx.binding.features;
  const get = features.get.bind(features);
  const has = features.has.bind(features);
  features.get = (k) => (counter.n++, get(k));
  features.has = (k) => (counter.n++, has(k));
  return counter;
}

test("a name of a feature already typed is answered with one look-up of the name in the file's features", () => {
  const text = basePipeline().replace('feature spend_z = standardize(spend)', 'feature spend_z = standardize(spend)\nfeature twice = spend_z + spend_z');
  const { file, ctx } = contextOf(text);
  const inference = typesOf(ctx);
  assert.equal(inference.feature('spend_z'), 'number');
  const twice = file.statements.find((s) => s.kind === 'Feature' && s.name.name === 'twice');
  assert.ok(twice?.kind === 'Feature' && twice.value.kind === 'Binary');
  const counter = countFeatureLookups(ctx);
  assert.equal(inference.of(twice.value.left), 'number');
  assert.equal(inference.of(twice.value.right), 'number');
  assert.equal(counter.n, 2);
});

test('typing every feature of a file writes no map: each type is kept on its symbol', () => {
  const { ctx } = contextOf(basePipeline().replace('feature plan ', 'feature again = spend_z\nfeature plan '));
  // The tables' columns are indexed first: what is counted is the inference's own memo.
  for (const t of ctx.binding.tables.values()) ctx.column(t, 'x');
  const inference = typesOf(ctx);
  const set = Map.prototype.set;
  let writes = 0;
  Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, v: unknown) {
    writes++;
    return set.call(this, k, v);
  };
  try {
    for (const name of ctx.binding.features.keys()) inference.feature(name);
  } finally {
    Map.prototype.set = set;
  }
  assert.deepEqual(
    [...ctx.binding.features.keys()].map((n) => [n, inference.feature(n)]),
    [['tenure', 'integer'], ['spend', 'number'], ['spend_z', 'number'], ['again', 'number'], ['plan', 'vector']],
  );
  assert.equal(writes, 0);
});

test("a symbol typed by one check is typed afresh by the next, which may read other data", () => {
  const file = parse('pipeline p\ndata customers {\n  source = "customers.csv"\n  target = churned\n}\nfeature a = tenure_days\nfeature b = a\n');
  const binding = bind(file);
  const text = customersCsv((row, i) => {
    if (i === 3) row[2] = 'n/a';
  });
  const first = new CheckContext(file, binding, new LineMap(''), memoryHost({ 'customers.csv': CUSTOMERS }));
  assert.equal(typesOf(first).feature('b'), 'integer');
  // The same symbols, bound once, checked against a file whose tenure column holds text.
  const second = new CheckContext(file, binding, new LineMap(''), memoryHost({ 'customers.csv': text }));
  assert.equal(typesOf(second).feature('b'), 'string');
  assert.equal(typesOf(first).feature('b'), 'integer');
});

test("the model inputs that name features get no name node made by type-mismatch, unknown-reference or invalid-value: only a reported one does", () => {
  const text = basePipeline().replace('inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, nope]');
  const { file, ctx } = contextOf(text);
  runRules([typeMismatch, unknownReference, invalidValue], file, ctx);
  const model = file.statements.find((s) => s.kind === 'Block' && s.type.name === 'model');
  assert.ok(model?.kind === 'Block');
  const inputs = model.entries.find((e) => e.kind === 'Attribute' && e.name.name === 'inputs');
  assert.ok(inputs?.kind === 'Attribute' && inputs.value.kind === 'List');
  const made = inputs.value.items.map((i) => (i as Reference).ident !== undefined);
  assert.deepEqual(made, [false, false, false, true]);
  assert.deepEqual(
    ctx.diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]),
    [['unknown-reference', 'nope']],
  );
});

test('a column of a table is found with one look-up by table once its header is indexed', () => {
  const { ctx } = contextOf(basePipeline());
  const customers = ctx.binding.tables.get('customers')!;
  let reads = 0;
  const host = ctx.host;
  const data = host.data!.bind(host);
  (host as { data: CheckHost['data'] }).data = (s) => (reads++, data(s));
  assert.equal(ctx.mayBeColumn(customers, 'tenure_days'), true);
  assert.equal(ctx.mayBeColumn(customers, 'no_such'), false);
  assert.equal(ctx.column(customers, 'plan')?.type, 'string');
  assert.equal(reads, 1);
  // The data map is asked once per table, not once per name: three names, one ask of the cache.
  const cache = (ctx as unknown as { dataCache: Map<string, unknown> }).dataCache;
  let asked = 0;
  const get = cache.get.bind(cache);
  const has = cache.has.bind(cache);
  cache.get = (k) => (asked++, get(k));
  cache.has = (k) => (asked++, has(k));
  for (const name of ['tenure_days', 'plan', 'churned']) assert.ok(ctx.column(customers, name));
  assert.equal(ctx.mayBeColumn(customers, 'x'), false);
  assert.equal(asked, 0);
});
