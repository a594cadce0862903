import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { CheckContext } from '../../../server/mlpipe/checker/context.js';
import { featureValue } from '../../../server/mlpipe/checker/rules/featureValue.js';
import { historyOutsideWindow } from '../../../server/mlpipe/checker/rules/historyOutsideWindow.js';
import { exposedFeatures, implicitMissing } from '../../../server/mlpipe/checker/rules/implicitMissing.js';
import { unknownTransform } from '../../../server/mlpipe/checker/rules/unknownTransform.js';
import { unusedFeature } from '../../../server/mlpipe/checker/rules/unusedFeature.js';
import { runRules } from '../../../server/mlpipe/checker/walk.js';
import type { Rule } from '../../../server/mlpipe/checker/rule.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { TRANSFORMS } from '../../../server/mlpipe/transforms/index.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from './fixture.js';

/**
 * What the rules read on every feature and every call of a check: the feature's symbol once for
 * all the feature rules (the walker's look-up), and the bound call's signature arrays, never the
 * catalogue entries' argument objects.
 */

const HOST = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS });

function check(text: string) {
  const file = parse(text);
  return new CheckContext(file, bind(file), new LineMap(text), HOST);
}

test('the feature rules together look each feature up once', () => {
  // A second 'plan' and a served feature: neither is the binding's own, and neither is looked up twice.
  const text = basePipeline().replace('serve {\n', 'serve {\n  feature tenure = tenure_days\n') + 'feature plan = one_hot(customers.plan)\n';
  const ctx = check(text);
  exposedFeatures(ctx.binding); // made once per binding, with its own look-ups
  const features = ctx.binding.features;
  const get = features.get.bind(features);
  let lookups = 0;
  features.get = (k) => (lookups++, get(k));
  try {
    runRules([unusedFeature, historyOutsideWindow, implicitMissing], ctx.file, ctx);
  } finally {
    features.get = get;
  }
  // Five top-level definitions (the repeated 'plan' among them); the served one is not looked up.
  assert.deepEqual({ lookups, reported: ctx.diagnostics.map((d) => d.code) }, { lookups: 5, reported: [] });
});

test("the walker and the call rules read no catalogue entry's arguments", () => {
  const text = basePipeline();
  const rules: Rule[] = [unknownTransform, featureValue];
  runRules(rules, check(text).file, check(text)); // each transform's signature is read out of its entry once
  const ctx = check(text);
  runRules(rules, ctx.file, ctx); // warm: each call keeps its bound arguments
  let reads = 0;
  const specs = Object.values(TRANSFORMS);
  const kept = specs.map((s) => Object.getOwnPropertyDescriptor(s, 'args')!);
  specs.forEach((s, k) => Object.defineProperty(s, 'args', { configurable: true, get: () => (reads++, kept[k].value) }));
  try {
    runRules(rules, ctx.file, ctx);
  } finally {
    specs.forEach((s, k) => Object.defineProperty(s, 'args', kept[k]));
  }
  assert.deepEqual({ reads, reported: ctx.diagnostics.length }, { reads: 0, reported: 0 });
});
