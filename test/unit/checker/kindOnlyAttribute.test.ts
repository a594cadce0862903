/**
 * `layers` and `activation` shape the hidden layers of an `mlp`; the trainer builds none for a
 * `linear` or `logistic` model, so on those they were recorded in the run's params and silently
 * ignored (a linear demand model with `layers = [8]` trained the same weights as without). The
 * checker now says so, as a warning at the attribute.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

const pipeline = (kind: string, extra: string) => `pipeline demand

data sales {
  source = "sales.csv"
  target = units
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature p = standardize(sales.price)

model m {
  kind   = ${kind}
  inputs = [p]
  seed   = 1
${extra}
}
`;

function attributeProblems(kind: string, extra: string): string[] {
  const lines = ['id,price,units', ...Array.from({ length: 40 }, (_, i) => `${i},${1 + i / 10},${(i * 7) % 23}`)];
  return analyze(pipeline(kind, extra), memoryHost({ 'sales.csv': lines.join('\n') + '\n' }))
    .diagnostics.filter((d) => d.code === 'unknown-attribute')
    .map((d) => `${d.severity}: ${d.message}`);
}

describe('an attribute the model kind does not read', () => {
  it("warns at 'layers' and 'activation' of a linear model", () => {
    assert.deepEqual(attributeProblems('linear', '  layers = [8]\n  activation = relu'), [
      "warning: 'layers' has no effect on a 'linear' model: only 'mlp' reads it; drop it, or set 'kind = mlp'",
      "warning: 'activation' has no effect on a 'linear' model: only 'mlp' reads it; drop it, or set 'kind = mlp'",
    ]);
  });

  it('stays quiet on an mlp, and on a kind that is itself wrong', () => {
    assert.deepEqual(attributeProblems('mlp', '  layers = [8]\n  activation = relu'), []);
    assert.deepEqual(attributeProblems('tree', '  layers = [8]'), []);
  });

  // 'layers = []' is an mlp with no hidden layer, the output layer alone (a linear model, as
  // scikit-learn's MLPClassifier(hidden_layer_sizes=()) is): allowed, but its activation applies nowhere.
  it("warns at 'activation' of an mlp with 'layers = []', and not at the empty list itself", () => {
    assert.deepEqual(attributeProblems('mlp', '  layers = []\n  activation = tanh'), [
      "warning: 'activation' has no effect with 'layers = []': a network with no hidden layer has no activation to apply; drop it, or give 'layers' a width",
    ]);
    assert.deepEqual(attributeProblems('mlp', '  layers = []'), []);
  });
});
