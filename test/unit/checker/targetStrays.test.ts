/**
 * A regression target made text by one stray cell ('inf' among prices) was told to 'set task =
 * classification', which would learn every price as a class; it now names the cell, as
 * type-mismatch does for a feature's column. A target of labels keeps the classification advice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

const pipeline = `pipeline houses

data houses {
  source = "houses.csv"
  target = price
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature size = standardize(houses.sqft)

model m {
  kind   = linear
  inputs = [size]
  seed   = 1
}
`;

function errorsOf(price: (i: number) => string) {
  const lines = ['id,sqft,price'];
  for (let i = 0; i < 20; i++) lines.push(`${i},${50 + i},${price(i)}`);
  return analyze(pipeline, memoryHost({ 'houses.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error');
}

describe('a regression target that is text', () => {
  it('names the stray cell when the column otherwise holds numbers', () => {
    const errors = errorsOf((i) => (i === 3 ? 'inf' : (1000.5 * i).toString()));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(
      errors[0].message,
      "target 'price' is text, so model 'm' cannot learn a regression: 'inf' in data row 4 is its one cell that is not a number; write a missing value as empty, NA or null, or fix the cell",
    );
  });

  it('of labels some of which are digits, says to classify as the engine does, not to fix each text cell', () => {
    const errors = errorsOf((i) => ['ünï', 'a;b', '007', '7', ' x'][i % 5]!);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'price' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'");
  });

  it('of labels, still says to classify', () => {
    const errors = errorsOf((i) => ['cheap', 'dear'][i % 2]);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'price' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'");
  });
});
