import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { CheckContext } from '../../../server/mlpipe/checker/context.js';
import { implicitMissing } from '../../../server/mlpipe/checker/rules/implicitMissing.js';
import type { FeatureDecl } from '../../../server/mlpipe/syntax/ast.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from './fixture.js';

/**
 * implicit-missing runs on every feature of the file on each check, and most features read no
 * column with missing values: for those it makes nothing, and it looks nothing up by the
 * feature's name (the walker hands it the feature's symbol, looked up once for every rule).
 */

function featureOf(text: string, name: string) {
  const file = parse(text);
  const ctx = new CheckContext(file, bind(file), new LineMap(text), memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }));
  const decl = file.statements.find((s): s is FeatureDecl => s.kind === 'Feature' && s.name.name === name)!;
  return { ctx, decl };
}

test('a feature reading no column with missing values: no look-up of its name, no set and no name made', () => {
  const { ctx, decl } = featureOf(basePipeline(), 'plan');
  const own = ctx.binding.features.get(decl.name.name);
  implicitMissing.feature!(decl, ctx, false, own);
  const features = ctx.binding.features;
  const get = features.get.bind(features);
  let lookups = 0;
  features.get = (k) => (lookups++, get(k));
  const RealSet = globalThis.Set;
  let sets = 0;
  globalThis.Set = class<T> extends RealSet<T> {
    constructor(items?: Iterable<T> | null) {
      super(items);
      sets++;
    }
  } as SetConstructor;
  try {
    implicitMissing.feature!(decl, ctx, false, own);
  } finally {
    globalThis.Set = RealSet;
    features.get = get;
  }
  assert.deepEqual({ lookups, sets, reported: ctx.diagnostics.length }, { lookups: 0, sets: 0, reported: 0 });
});

test('a column with missing values read twice by one feature is still reported once', () => {
  const text = basePipeline().replace('feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.plan)\nfeature twice = tenure_days + tenure_days').replace('inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, twice]');
  const { ctx, decl } = featureOf(text, 'twice');
  implicitMissing.feature!(decl, ctx, false, ctx.binding.features.get(decl.name.name));
  assert.deepEqual(
    ctx.diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]),
    [['skew/implicit-missing', 'tenure_days']],
  );
});
