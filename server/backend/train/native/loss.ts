/**
 * Loss of a batch from the last layer's output and its gradient, in the numerically stable forms
 * (cross-entropies from logits), as tfjs's sigmoidCrossEntropy, softmaxCrossEntropy and
 * meanSquaredError with mean reduction compute them. Sums run in row order, in float64.
 */
import type { TrainTask } from '../types.js';

/**
 * Returns the summed (not mean) loss of rows [0, n) and, when `grad` is given, writes dLoss/dz of
 * the mean loss over `meanOver` rows into it. `z` and `grad` are n x width row-major; `y` holds
 * one label per row (class index for multiclass).
 */
export function lossAndGradient(task: TrainTask, z: Float32Array, y: Float32Array, n: number, width: number, grad?: Float32Array, meanOver = n): number {
  const total = lossAndRawGradient(task, z, y, n, width, grad, meanOver);
  if (grad) flushSubnormals(grad, n * (task === 'multiclass' ? width : 1));
  return total;
}

/** The smallest normal float32: below it a float32 is subnormal. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Gradients smaller than float32's normal range set to 0, the same on every engine. A model that
 * fits its training rows well gives rows whose gradient (sigmoid(z) - y for a confident right
 * answer) is subnormal; every product the backward pass makes with one is then subnormal too,
 * and CPUs compute on subnormals many times slower: epochs of the 1M x 50 benchmark grew from
 * 7 to 16 s as the loss fell. Their contribution is below float32's resolution of any weight.
 */
function flushSubnormals(g: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = g[i];
    if (v !== 0 && v < FLOAT32_MIN_NORMAL && v > -FLOAT32_MIN_NORMAL) g[i] = 0;
  }
}

function lossAndRawGradient(task: TrainTask, z: Float32Array, y: Float32Array, n: number, width: number, grad: Float32Array | undefined, meanOver: number): number {
  let total = 0;
  switch (task) {
    case 'binary':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const t = y[i];
        total += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
        if (grad) grad[i] = (1 / (1 + Math.exp(-x)) - t) / meanOver;
      }
      return total;
    case 'regression':
      for (let i = 0; i < n; i++) {
        const e = z[i] - y[i];
        total += e * e;
        if (grad) grad[i] = (2 * e) / meanOver;
      }
      return total;
    case 'multiclass':
      for (let r = 0; r < n; r++) {
        const o = r * width;
        let max = -Infinity;
        for (let c = 0; c < width; c++) max = Math.max(max, z[o + c]);
        let sum = 0;
        for (let c = 0; c < width; c++) sum += Math.exp(z[o + c] - max);
        const label = y[r];
        total += Math.log(sum) + max - z[o + label];
        if (grad) for (let c = 0; c < width; c++) grad[o + c] = (Math.exp(z[o + c] - max) / sum - (c === label ? 1 : 0)) / meanOver;
      }
      return total;
  }
}

/** predict()'s head over n x width logits, in place: sigmoid, softmax per row, or identity. */
export function applyHead(head: 'sigmoid' | 'softmax' | 'identity', z: Float32Array, n: number, width: number): void {
  if (head === 'sigmoid') for (let i = 0; i < n; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  else if (head === 'softmax')
    for (let r = 0; r < n; r++) {
      const o = r * width;
      let max = -Infinity;
      for (let c = 0; c < width; c++) max = Math.max(max, z[o + c]);
      let sum = 0;
      for (let c = 0; c < width; c++) sum += Math.exp(z[o + c] - max);
      for (let c = 0; c < width; c++) z[o + c] = Math.exp(z[o + c] - max) / sum;
    }
}
