/**
 * A plan from a binding fills its features by the binding's ordinals (`PlanInput.ordinals`)
 * instead of growing a map: read back by name, by iteration and by size, it must be the plan a
 * compile numbering its own features gives, and a binding whose feature names moved must not
 * read another binding's numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind, type Binding } from '../../../server/mlpipe/binder.js';
import { compilePlan, planInputOf } from '../../../server/mlpipe/features/index.js';
import type { FeaturePlan } from '../../../server/mlpipe/features/plan.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { generateShape, type ShapeName } from '../../../bench/checker/shapes.js';

const HEAD = `pipeline t
data customers {
  source = "c.csv"
  key    = customer_id
  target = churned
}
`;

/** Every way a reader sees `plan.features`, and its answer for each of `names`. */
function seen(plan: FeaturePlan, names: Iterable<string>): unknown {
  const byName = [...names].map((n) => [n, plan.features.has(n), plan.features.get(n)]);
  const each: unknown[] = [];
  plan.features.forEach((id, name) => each.push([name, id]));
  return { entries: [...plan.features], keys: [...plan.features.keys()], values: [...plan.features.values()], size: plan.features.size, each, byName };
}

/** The plan of `inputs` with the binding's ordinals, and numbering its own. */
function bothWays(binding: Binding, model: string, inputs: string[]): [unknown, unknown] {
  const input = { ...planInputOf(binding, model), inputs, compiled: undefined };
  assert.ok(input.ordinals, 'planInputOf gives the binding ordinals');
  const names = [...binding.features.keys(), 'not_a_feature'];
  return [seen(compilePlan(input), names), seen(compilePlan({ ...input, ordinals: undefined }), names)];
}

test("a plan's features read back by name and in order as a plan numbering its own, on every shape", () => {
  let compared = 0;
  for (const shape of ['mixed', 'features-used', 'nested', 'models'] satisfies ShapeName[]) {
    const binding = bind(parse(generateShape(shape, 300)));
    if (!binding.primary) continue;
    for (const [name, m] of binding.models) {
      const inputs = m.inputs.map((i) => i.name).filter((n) => binding.features.has(n));
      let ours;
      try {
        ours = bothWays(binding, name, inputs);
      } catch {
        continue; // a plan that does not compile has no features to read
      }
      assert.deepEqual(ours[0], ours[1], `${shape} model ${name}`);
      compared++;
    }
  }
  assert.ok(compared >= 10, `${compared} plans compared`);
});

test('a binding whose features moved or were renamed is numbered anew; one with the same names shares the last numbering', () => {
  const text = (order: string[]) => HEAD + order.map((n) => `feature ${n} = log1p(x_${n})\n`).join('') + `model m { kind = linear, inputs = [${order.join(', ')}], seed = 1 }\n`;
  const first = bind(parse(text(['a', 'b', 'c'])));
  const same = bind(parse(text(['a', 'b', 'c'])));
  assert.equal(planInputOf(same, 'm').ordinals!.byName, planInputOf(first, 'm').ordinals!.byName);
  for (const order of [['c', 'a', 'b'], ['a', 'b', 'd'], ['a', 'b']]) {
    const b = bind(parse(text(order)));
    const ordinals = planInputOf(b, 'm').ordinals!;
    assert.deepEqual(ordinals.names, order);
    const [withOrdinals, own] = bothWays(b, 'm', order);
    assert.deepEqual(withOrdinals, own, order.join(','));
    const plan = compilePlan(planInputOf(b, 'm'));
    for (const n of order) assert.equal(plan.nodes[plan.features.get(n)!].key, plan.nodes[plan.outputs[order.indexOf(n)].node].key, n);
  }
});

test('ordinals made for other features are ignored: a view swapped in compiles its own names', () => {
  const b = bind(parse(`${HEAD}feature a = log1p(x)\nmodel m { kind = linear, inputs = [a], seed = 1 }\n`));
  const base = planInputOf(b, 'm');
  const extra = parse(`${HEAD}feature extra = a + 1\n`).statements.find((s) => s.kind === 'Feature');
  assert.ok(extra && extra.kind === 'Feature');
  const features = { has: (n: string) => n === 'extra' || base.features.has(n), get: (n: string) => (n === 'extra' ? extra.value : base.features.get(n)) };
  const plan = compilePlan({ ...base, features, inputs: ['extra'] });
  assert.deepEqual([...plan.features.keys()], ['a', 'extra']);
  assert.equal(plan.features.get('extra'), plan.outputs[0].node);
});
