/**
 * The feature compiler replaying a binding's recorded features (`CompiledFeatures`) gives the
 * plan a fresh compile gives: the same nodes in the same order (each field, in the same order:
 * the plan's text keys stored verdicts), the same outputs and compiled features, or the same
 * error. Compared on generated pipelines, each compiled for several input lists in turn (a
 * feature recorded for one list is replayed in the next), and on the benchmark's shapes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bind, type Binding } from '../../server/mlpipe/binder.js';
import { compilePlan, planInputOf, type FeaturePlan } from '../../server/mlpipe/features/index.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { generateShape } from '../../bench/checker/shapes.js';
import { pipelineArb } from './generate.js';
import { envInteger } from '../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1500, { min: 1 });

/** A compile's outcome as text: the plan (nodes, outputs, features), or the error it threw. */
function outcome(compile: () => FeaturePlan): string {
  try {
    const p = compile();
    return JSON.stringify({ nodes: p.nodes, outputs: p.outputs, features: [...p.features], primary: p.primary, histories: [...p.histories] });
  } catch (e) {
    const { name, message, code, feature } = e as { name: string; message: string; code?: string; feature?: string };
    return JSON.stringify({ error: { name, message, code, feature } });
  }
}

/** Compiles each list in turn with the binding's recorded features, each against a fresh compile. */
function agree(binding: Binding, model: string, lists: string[][]): number {
  let plans = 0;
  for (const inputs of lists) {
    const replayed = outcome(() => compilePlan({ ...planInputOf(binding, model), inputs }));
    const fresh = outcome(() => compilePlan({ ...planInputOf(binding, model), inputs, compiled: undefined }));
    assert.equal(replayed, fresh, `inputs ${inputs.join(', ')}`);
    if (!replayed.startsWith('{"error"')) plans++;
  }
  return plans;
}

describe('agreement: the feature compiler replaying recorded features and compiling afresh', () => {
  it(`on ${RUNS} generated pipelines, each compiled for several input lists in turn`, () => {
    let plans = 0;
    const arb = pipelineArb.chain((c) => {
      const names = [...c.text.matchAll(/^feature (\w+) =/gm)].map((m) => m[1]);
      const list = fc.shuffledSubarray([...names, 'not_a_feature'], { minLength: 1 });
      return fc.record({ text: fc.constant(c.text), lists: fc.array(list, { minLength: 2, maxLength: 5 }) });
    });
    fc.assert(
      fc.property(arb, ({ text, lists }) => {
        const binding = bind(parse(text));
        if (!binding.primary || !binding.models.has('m')) return;
        plans += agree(binding, 'm', lists);
      }),
      { numRuns: RUNS },
    );
    // Most draws compile: the comparison is not only of errors.
    assert.ok(plans > RUNS / 2, `${plans} plans compiled`);
  });

  it("on the benchmark's feature shapes: every model's plan, then all their inputs together", () => {
    for (const shape of ['features-used', 'mixed', 'nested'] as const) {
      const binding = bind(parse(generateShape(shape, 1000)));
      const models = [...binding.models.values()];
      const lists = models.map((m) => m.inputs.map((i) => i.name));
      lists.push([...new Set(lists.flat())].reverse());
      assert.ok(agree(binding, models[0].name, lists) > 1, shape);
    }
  });

  it('a replayed feature that gives a vector is still refused as an operand, and errors name the same feature', () => {
    const text = [
      'data customers {',
      '  source = "customers.csv"',
      '  key    = customer_id',
      '  target = churned',
      '}',
      'feature v = one_hot(plan)',
      'feature w = log1p(v)',
      'feature ok = standardize(fill_missing(tenure_days, 0)) + clip(tenure_days, 0, 9)',
      'feature bad = ok + nope(tenure_days)',
      'feature loop = loop2 * 2',
      'feature loop2 = ok - loop',
      'model m {',
      '  kind   = mlp',
      '  inputs = [v]',
      '}',
    ].join('\n');
    const binding = bind(parse(text));
    agree(binding, 'm', [['v'], ['w'], ['v', 'ok'], ['bad'], ['ok', 'w'], ['loop'], ['ok', 'loop2'], ['w', 'v', 'ok']]);
  });

  it('a replayed plan makes its own nodes and parameters', () => {
    const binding = bind(parse(generateShape('features-used', 200)));
    const model = binding.models.keys().next().value!;
    const first = compilePlan(planInputOf(binding, model));
    const again = compilePlan(planInputOf(binding, model));
    assert.equal(JSON.stringify(again.nodes), JSON.stringify(first.nodes));
    for (let k = 0; k < first.nodes.length; k++) {
      assert.notEqual(again.nodes[k], first.nodes[k]);
      const p = (first.nodes[k] as { params?: object }).params;
      if (p !== undefined) assert.notEqual((again.nodes[k] as { params?: object }).params, p);
    }
  });
});
