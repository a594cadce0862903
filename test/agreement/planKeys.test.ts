/**
 * Every node of a compiled plan is the one its key names: the key is what the node's own fields
 * and its inputs' keys spell, no two nodes share a key, and each input comes before the node.
 * The compiler finds an operator or a negation by its inputs' ids before it spells
 * its key; a wrong hit there would give an expression another expression's node (`a - b`
 * computed as `a + b`), which only a key spelled afresh from the node shows. Checked on
 * generated pipelines, on hand-made near misses and on the benchmark's shapes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bind } from '../../server/mlpipe/binder.js';
import { compilePlan, planInputOf, type FeaturePlan } from '../../server/mlpipe/features/index.js';
import { isTransformNode, transformOf, type PlanNode } from '../../server/mlpipe/features/plan.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { generateShape, type ShapeName } from '../../bench/checker/shapes.js';
import { pipelineArb } from './generate.js';
import { envInteger } from '../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1500, { min: 1 });

/** The key a node's fields spell, given its inputs' keys (the catalogue spells a transform's). */
function spelled(plan: FeaturePlan, node: PlanNode): string {
  const k = (id: number) => plan.nodes[id].key;
  if (isTransformNode(node)) return transformOf(node).kernels.key(k(node.input), node.params, node.fit);
  switch (node.kind) {
    case 'column':
      return `${plan.primary.name}.${node.column}`;
    case 'const':
      return Object.is(node.value, -0) ? '-0' : String(node.value);
    case 'neg':
      return `(-${k(node.input)})`;
    case 'binary':
      return `(${k(node.left)} ${node.op} ${k(node.right)})`;
    case 'time':
      return `time(${k(node.input)})`;
    case 'range':
      return `rows(${node.table}, ${node.seconds}s, key=${k(node.keyInput)}${node.timeInput === undefined ? '' : `, as_of=${k(node.timeInput)}`})`;
    case 'window':
      return `window_${node.agg}(${node.table}.${node.column}, ${k(node.range)})`;
  }
  throw new Error(`no spelling for ${(node as PlanNode).kind}`);
}

function inputsOf(node: PlanNode): number[] {
  if (isTransformNode(node)) return [node.input];
  switch (node.kind) {
    case 'neg':
    case 'time':
      return [node.input];
    case 'binary':
      return [node.left, node.right];
    case 'range':
      return node.timeInput === undefined ? [node.keyInput] : [node.keyInput, node.timeInput];
    case 'window':
      return [node.range];
    default:
      return [];
  }
}

/** Asserts the plan's keys; returns how many nodes it checked. */
function keysHold(plan: FeaturePlan): number {
  const seen = new Map<string, number>();
  plan.nodes.forEach((node, id) => {
    assert.equal(node.id, id);
    for (const i of inputsOf(node)) assert.ok(i < id, `node ${id} (${node.key}) reads a later node ${i}`);
    assert.equal(node.key, spelled(plan, node), `node ${id}`);
    assert.equal(seen.get(node.key), undefined, `nodes ${seen.get(node.key)} and ${id} share the key ${node.key}`);
    seen.set(node.key, id);
  });
  return plan.nodes.length;
}

/** The plan of every feature of the text, or undefined when the compiler refuses it. */
function planOfAll(text: string): FeaturePlan | undefined {
  const binding = bind(parse(text));
  const model = [...binding.models.keys()][0];
  if (!binding.primary || model === undefined) return undefined;
  try {
    return compilePlan({ ...planInputOf(binding, model), inputs: [...binding.features.keys()] });
  } catch {
    return undefined;
  }
}

const HEAD = `pipeline p
data customers {
  source = "customers.csv"
  target = churned
  key    = customer_id
  time   = snapshot_at
}
data orders {
  source = "orders.csv"
  key    = customer_id
  time   = ordered_at
}
data refunds {
  source = "refunds.csv"
  key    = customer_id
  time   = refunded_at
}
model m {
  kind   = mlp
  inputs = [a]
}
`;

describe('agreement: each plan node is the one its key names', () => {
  it('on operators, negations and windows that differ in one part only', () => {
    const plan = planOfAll(
      HEAD +
        [
          'feature a = fill_missing(tenure_days, 0)',
          'feature b = log1p(a)',
          'feature s1 = a + b',
          'feature s2 = a - b',
          'feature s3 = b + a',
          'feature s4 = a + a',
          'feature s5 = (a + b) * (a - b)',
          'feature s6 = (a - b) * (a + b)',
          'feature s7 = -(a + b)',
          'feature s8 = -(a - b)',
          'feature s9 = a + b',
          'feature w1 = fill_missing(window_sum(orders.order_value, 9d, as_of = snapshot_at), 0)',
          'feature w2 = fill_missing(window_sum(orders.order_value, 19d, as_of = snapshot_at), 0)',
          'feature w3 = fill_missing(window_mean(orders.order_value, 9d, as_of = snapshot_at), 0)',
          'feature w4 = fill_missing(window_sum(refunds.amount, 9d, as_of = snapshot_at), 0)',
          'feature w5 = fill_missing(window_sum(orders.order_value, 9d), 0)',
          'feature w6 = fill_missing(window_sum(orders.refund, 9d, as_of = snapshot_at), 0)',
          'feature w7 = fill_missing(window_sum(orders.order_value, 9d, as_of = signup_at), 0)',
          'feature w8 = fill_missing(window_sum(orders.order_value, 9d, as_of = customers.snapshot_at), 0)',
        ].join('\n'),
    );
    assert.ok(plan);
    keysHold(plan);
    const node = (f: string) => plan.nodes[plan.features.get(f)!];
    assert.equal(node('s9'), node('s1'));
    assert.equal(node('w8'), node('w1'));
    assert.equal(new Set(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].map(node)).size, 8);
    assert.equal(new Set(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7'].map(node)).size, 7);
  });

  it(`on ${RUNS} generated pipelines, every feature compiled in one plan`, () => {
    let nodes = 0;
    fc.assert(
      fc.property(pipelineArb, (c) => {
        const plan = planOfAll(c.text);
        if (plan) nodes += keysHold(plan);
      }),
      { numRuns: RUNS },
    );
    assert.ok(nodes > RUNS, `${nodes} nodes checked`);
  });

  it("on the benchmark's shapes", () => {
    for (const shape of ['mixed', 'features-used', 'nested', 'models'] as ShapeName[]) {
      const plan = planOfAll(generateShape(shape, 3000));
      assert.ok(plan, shape);
      keysHold(plan);
    }
  });
});
