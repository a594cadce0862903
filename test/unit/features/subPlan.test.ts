/**
 * `subPlan`: the part of a plan of many features that computes some of them. The checker judges
 * the risky inputs of every model from this part of the plan it compiled to find them, in
 * place of compiling those inputs again, so it must be that compile's plan: the same nodes
 * (kind, key, parameters, inputs), the same outputs, every feature it compiles, and nothing a
 * compile of those features would not hold, up to node order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bind, type Binding } from '../../../server/mlpipe/binder.js';
import { compilePlan, planInputOf, subPlan, type FeaturePlan } from '../../../server/mlpipe/features/index.js';
import { nodeInputs } from '../../../server/mlpipe/features/plan.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { generateShape } from '../../../bench/checker/shapes.js';
import { featureListsArb } from '../../agreement/generate.js';
import { envInteger } from '../../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1500, { min: 1 });

/** Each node by its key, with its inputs named by their keys: a plan's meaning, whatever its node order. */
function byKey(plan: FeaturePlan): Map<string, string> {
  const out = new Map<string, string>();
  plan.nodes.forEach((node, id) => {
    assert.equal(node.id, id, 'a node is at its own id');
    for (const i of nodeInputs(node)) assert.ok(i < id, `node ${id} reads a later node`);
    const { id: _id, feature: _feature, key, ...rest } = node;
    const inputs = nodeInputs(node).map((i) => plan.nodes[i].key);
    out.set(key, JSON.stringify([rest.kind, 'params' in rest ? rest.params : null, inputs, ...Object.entries(rest).filter(([k]) => !/input|range|left|right/i.test(k))]));
  });
  return out;
}

function sameAsCompiled(part: FeaturePlan, compiled: FeaturePlan): void {
  assert.deepEqual(byKey(part), byKey(compiled));
  assert.deepEqual(
    part.outputs.map((o) => [o.feature, part.nodes[o.node].key]),
    compiled.outputs.map((o) => [o.feature, compiled.nodes[o.node].key]),
  );
  // Every feature the compile reaches, at the same node; any other shares a node the part holds.
  for (const [name, id] of compiled.features) assert.equal(part.nodes[part.features.get(name)!]?.key, compiled.nodes[id].key, name);
  assert.equal(part.primary, compiled.primary);
  assert.equal(part.histories, compiled.histories);
}

/** Compiles `lists` together and each alone; compares each list's part with its own compile. The lists compared. */
function agree(binding: Binding, model: string, lists: string[][]): number {
  const compile = (inputs: string[]) => compilePlan({ ...planInputOf(binding, model), inputs, compiled: undefined });
  let all: FeaturePlan;
  try {
    all = compile([...new Set(lists.flat())]);
  } catch {
    return 0;
  }
  for (const inputs of lists) sameAsCompiled(subPlan(all, inputs), compile(inputs));
  return lists.length;
}

describe('subPlan: the part of a plan that computes some of its features', () => {
  it(`is what compiling those features gives, on ${RUNS} generated pipelines`, () => {
    let compared = 0;
    fc.assert(
      fc.property(featureListsArb, ({ text, lists }) => {
        const binding = bind(parse(text));
        if (!binding.primary || !binding.models.has('m')) return;
        compared += agree(binding, 'm', lists);
      }),
      { numRuns: RUNS },
    );
    assert.ok(compared > RUNS / 2, `${compared} lists compared`);
  });

  it("is what compiling them gives on the benchmark's shapes, every model's inputs", () => {
    for (const shape of ['features-used', 'mixed', 'nested'] as const) {
      const binding = bind(parse(generateShape(shape, 1000)));
      const lists = [...binding.models.values()].map((m) => m.inputs.map((i) => i.name));
      assert.equal(agree(binding, binding.models.keys().next().value!, lists), lists.length, shape);
    }
  });

  it('refuses a name the plan does not hold', () => {
    const binding = bind(parse(generateShape('mixed', 100)));
    const plan = compilePlan(planInputOf(binding, binding.models.keys().next().value!));
    assert.throws(() => subPlan(plan, ['no_such_feature']), /not a feature of the plan/);
  });
});
