import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lossAndGradient } from '../../../server/backend/train/native/loss.js';

test('output gradients below float32 normal range are 0 (a confident right answer), larger ones kept exactly', () => {
  // sigmoid(-100) - 0 is 3.7e-44: subnormal in float32; sigmoid(-20) is 2.1e-9: normal.
  const z = Float32Array.from([-100, -20, 100, 0]);
  const y = Float32Array.from([0, 0, 1, 1]);
  const grad = new Float32Array(4);
  lossAndGradient('binary', z, y, 4, 1, grad, 1);
  assert.equal(grad[0], 0);
  assert.equal(grad[1], Math.fround(1 / (1 + Math.exp(20))));
  assert.equal(grad[2], 0, 'sigmoid(100) - 1 rounds to 0 already');
  assert.equal(grad[3], -0.5);
  // Multiclass: a class with a vanishing probability.
  const zm = Float32Array.from([0, -100, 0]);
  const gm = new Float32Array(3);
  lossAndGradient('multiclass', zm, Float32Array.from([0]), 1, 3, gm, 1);
  assert.equal(gm[1], 0);
  assert.ok(gm[0] < 0 && gm[2] > 0);
});
