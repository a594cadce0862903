/**
 * `require r2 >= 0.5` over a test split whose rows all hold one target value: r2 has no variance
 * to explain there, so it is 0 unless every prediction is exactly that value (scikit-learn's
 * convention), and the gate failed every run after a clean check. Now an error at the gate that
 * says why; a gate 0 meets, and other metrics, stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';

// 40 days of a price; the 10 most recent (the time split's test side) all sell at 7.25.
const csv =
  'day,at,x,price\n' +
  Array.from({ length: 40 }, (_, i) => `${i},${new Date(Date.UTC(2025, 0, 1 + i)).toISOString()},${i % 7},${i < 30 ? (i * 1.37).toFixed(2) : '7.25'}`).join('\n') +
  '\n';

const pipeline = (gates: string, split = 'order = time') => `pipeline prices

data sales {
  source = "sales.csv"
  target = price
  key    = day
  time   = at
}

split {
  test = 0.25
  ${split}
}

feature x = fill_missing(sales.x, 0)

model m {
  kind   = linear
  inputs = [x]
  seed   = 1
}

evaluate {
${gates}
}
`;

const gateErrors = (text: string) => checkText(text, { 'sales.csv': csv }).filter((d) => d.code === 'invalid-value');

describe('require r2 over test rows of one target value', () => {
  it('is an error at the gate naming the value and why r2 is 0', () => {
    const text = pipeline('  require r2 >= 0.5');
    const found = gateErrors(text);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].range.start.line, text.split('\n').findIndex((l) => l.includes('require r2')));
    assert.equal(
      found[0].message,
      "'r2' would be 0 on every run: the split puts all 10 test rows with a target at one value of 'price' (7.25), which leaves r2 no variance to explain (1 only when every prediction is exactly 7.25, else 0, as scikit-learn), so this gate fails every run; use a larger 'test', or gate on 'rmse' or 'mae'",
    );
  });

  it('stays quiet for a gate 0 meets, for rmse, and for a test side where the target varies', () => {
    assert.deepEqual(gateErrors(pipeline('  require r2 >= 0\n  require rmse <= 2')), []);
    assert.deepEqual(gateErrors(pipeline('  require r2 >= 0.5', 'seed = 3')), []);
  });
});
