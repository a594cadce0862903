/**
 * The missing-every-row rule, when no plan outlives the check, reads every model's risky inputs
 * (`inputsThatMayBeUnusable`) from one plan of all the models' inputs
 * (`inputsOfEachThatMayBeUnusable`) instead of compiling a plan per model. Compared here with
 * each model's own plan, on generated pipelines with several input lists and on the benchmark's
 * shapes: the same inputs in the same order, and a plan of all the inputs compiles only when
 * each list's own plan does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bind, type Binding } from '../../server/mlpipe/binder.js';
import { compilePlan, inputsOfEachThatMayBeUnusable, inputsThatMayBeUnusable, planInputOf, type ColumnFacts } from '../../server/mlpipe/features/index.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { generateShape } from '../../bench/checker/shapes.js';
import { featureListsArb } from './generate.js';
import { envInteger } from '../support/envInteger.js';

const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 1500, { min: 1 });

/** Column facts by the name's characters: some columns unknown, some with missing cells, some beyond range. */
function factsBy(seed: number): (column: string) => ColumnFacts | undefined {
  return (column) => {
    let h = seed;
    for (let k = 0; k < column.length; k++) h = (h * 31 + column.charCodeAt(k)) >>> 0;
    return h % 5 === 0 ? undefined : { missing: h % 3 === 0, beyond: h % 7 === 0 };
  };
}

/** Whether the plan of every list compiles, and each list's risky inputs from it against its own plan's; the number of lists compared. */
function agree(binding: Binding, model: string, lists: string[][], facts: (column: string) => ColumnFacts | undefined): number {
  const compile = (inputs: string[]) => compilePlan({ ...planInputOf(binding, model), inputs, compiled: undefined });
  let all;
  try {
    all = compile([...new Set(lists.flat())]);
  } catch {
    return 0;
  }
  const each = inputsOfEachThatMayBeUnusable(all, facts, lists);
  lists.forEach((inputs, k) => assert.deepEqual(each[k], inputsThatMayBeUnusable(compile(inputs), facts), `inputs ${inputs.join(', ')}`));
  return lists.length;
}

describe("agreement: every model's risky inputs from one plan, and from its own", () => {
  it(`on ${RUNS} generated pipelines, each with several input lists`, () => {
    let compared = 0;
    fc.assert(
      fc.property(featureListsArb, ({ text, lists, seed }) => {
        const binding = bind(parse(text));
        if (!binding.primary || !binding.models.has('m')) return;
        compared += agree(binding, 'm', lists, factsBy(seed));
      }),
      { numRuns: RUNS },
    );
    assert.ok(compared > RUNS / 2, `${compared} lists compared`);
  });

  it("on the benchmark's shapes, every model's inputs", () => {
    for (const shape of ['features-used', 'mixed', 'nested'] as const) {
      const binding = bind(parse(generateShape(shape, 1000)));
      const lists = [...binding.models.values()].map((m) => m.inputs.map((i) => i.name));
      for (const seed of [1, 2, 3]) assert.equal(agree(binding, binding.models.keys().next().value!, lists, factsBy(seed)), lists.length, shape);
    }
  });

  it('a list of vectors alone is risky whole, and a vector beside a scalar is not', () => {
    const text = [
      'data customers {',
      '  source = "customers.csv"',
      '  key    = customer_id',
      '  target = churned',
      '}',
      'feature v = one_hot(plan)',
      'feature u = one_hot(region)',
      'feature t = fill_missing(tenure_days, 0)',
      'feature r = log1p(tenure_days)',
      'model m {',
      '  kind   = mlp',
      '  inputs = [v]',
      '}',
    ].join('\n');
    const facts = () => ({ missing: false, beyond: false });
    const binding = bind(parse(text));
    assert.equal(agree(binding, 'm', [['v'], ['v', 'u'], ['v', 't'], ['r', 'v'], [], ['t', 't']], facts), 6);
    const all = compilePlan({ ...planInputOf(binding, 'm'), inputs: ['v', 'u', 't', 'r'] });
    assert.deepEqual(inputsOfEachThatMayBeUnusable(all, facts, [['v', 'u'], ['v', 't'], ['r', 'v']]), [['v', 'u'], [], ['r']]);
  });
});
