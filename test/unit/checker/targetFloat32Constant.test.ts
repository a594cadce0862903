/**
 * A regression target whose values differ only below float32's precision (1e9 plus thousandths)
 * is one value to the trainer, its predictions and the test metrics, which hold it as float32:
 * the run learned a constant and reported 'rmse 0.0000  r2 1.0000' after a clean check. The
 * checker and the runner now refuse it alike, in one message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { float32ConstantTarget } from '../../../server/mlpipe/features/usable.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import { memoryHost } from './fixture.js';

const pipeline = `pipeline meters

data meters {
  source = "meters.csv"
  target = reading
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature z = standardize(meters.x)

model m {
  kind   = linear
  inputs = [z]
  seed   = 1
}
`;

function meters(reading: (i: number) => string): string {
  const lines = ['id,x,reading'];
  for (let i = 0; i < 20; i++) lines.push(`${i},${i % 7},${reading(i)}`);
  return lines.join('\n') + '\n';
}

function both(csv: string) {
  const a = analyze(pipeline, memoryHost({ 'meters.csv': csv }));
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  const engine = runEngine(a.binding, new Map([['meters', tableOf('meters', csv, 'meters.csv')]]));
  return { errors, engine, text: (d: (typeof errors)[number]) => pipeline.slice(d.start, d.end) };
}

describe('a regression target that is one value in float32', () => {
  it("values 1e9 + i/1000 are 'invalid-value' at the target, in the runner's words", () => {
    const { errors, engine, text } = both(meters((i) => (i === 3 ? '' : (1e9 + i / 1000).toFixed(3))));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(text(errors[0]), 'reading');
    assert.ok(errors[0].message.startsWith("target 'reading' of 'meters.csv' holds values that differ only below float32's precision: each is 1000000000 as float32"), errors[0].message);
    assert.equal(engine.ok, false);
    assert.equal(!engine.ok && engine.error.message, errors[0].message);
  });

  it('values float32 keeps apart (1e9 in steps of 100) are clean and accepted', () => {
    const { errors, engine } = both(meters((i) => String(1e9 + 100 * i)));
    assert.deepEqual(errors, []);
    assert.equal(engine.ok, true);
  });

  it('float32ConstantTarget: missing skipped; one value as written is not its case (too few values is)', () => {
    assert.equal(float32ConstantTarget([1e9, NaN, 1e9 + 0.001, null]), 1e9);
    assert.equal(float32ConstantTarget([5, 5, NaN]), undefined);
    assert.equal(float32ConstantTarget([1e9, 1e9 + 100]), undefined);
    assert.equal(float32ConstantTarget([]), undefined);
  });
});
