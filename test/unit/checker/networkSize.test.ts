/**
 * A network too large to train: `layers = [65536, 65536]` passed the checker (each width is in
 * range) and `mlpipe run` then stopped with an internal error (exit 70, 'Invalid typed array
 * length') when a backend allocated its 4.3 billion weights. One bound, in
 * language/networkSize.ts, is read by the checker (from `layers` alone) and by the trainer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { architecture } from '../../../server/backend/train/spec.js';
import { denseWeightCount, MAX_WEIGHTS } from '../../../server/mlpipe/language/networkSize.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withLayers = (layers: string) => edit(basePipeline(), '  kind   = mlp\n', `  kind   = mlp\n  layers = ${layers}\n`);
const trainerRefusal = (inputs: number, layers: number[]): string | undefined => {
  try {
    architecture({ x: new Float32Array(inputs), rows: 1, cols: inputs, y: new Float32Array(1), task: 'regression', kind: 'mlp', layers });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('a network with more weights than a model may have', () => {
  it("is 'invalid-value' at 'layers', with the count, though each width is in range", () => {
    const text = withLayers('[65536, 65536]');
    const errors = checkText(text).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(text.slice(errors[0].start, errors[0].end), '[65536, 65536]');
    assert.equal(errors[0].message, "'layers' [65536, 65536] make at least 4,295,229,441 weights, more than the 100,000,000 a model may have: use fewer or narrower layers");
  });

  it('is refused by the trainer with the real widths, before any backend allocates', () => {
    assert.equal(trainerRefusal(18, [65536, 65536]), 'layers: [65536, 65536] with 18 inputs and 1 output make 4,296,343,553 weights, more than the 100,000,000 a model may have: use fewer or narrower layers');
    // The checker counts one input: wide inputs can cross the bound only the trainer sees.
    assert.ok(denseWeightCount(1, [10000, 9990], 1) <= MAX_WEIGHTS);
    assert.match(trainerRefusal(18, [10000, 9990]) ?? '', /^layers: \[10000, 9990\] with 18 inputs and 1 output make 100,109,981 weights/);
  });

  it('its near misses are clean and trained', () => {
    assert.deepEqual(checkText(withLayers('[10000, 9990]')).filter((d) => d.severity === 'error'), []);
    assert.deepEqual(checkText(withLayers('[65536]')).filter((d) => d.severity === 'error'), []);
    // A linear model reads no layers (unknown-attribute says so): they make no network to refuse.
    const linear = checkText(edit(withLayers('[65536, 65536]'), '  kind   = mlp\n', '  kind   = linear\n'));
    assert.deepEqual(linear.map((d) => d.code), ['unknown-attribute']);
    assert.equal(trainerRefusal(3, [10000, 9990]), undefined);
    assert.equal(denseWeightCount(3, [10000, 9990], 1), 99_959_981);
  });
});
