/**
 * The optimizers over one flat weight vector, with tfjs's formulas and defaults (so a setting
 * means the same on every backend): Adam (beta1 0.9, beta2 0.999, epsilon 1e-7, bias-corrected
 * moments), SGD, RMSProp (decay 0.9, no momentum, epsilon 1e-7) and Adagrad (accumulator
 * starting at 0.1). Element-wise, so the order of updates cannot change a result.
 */
import type { OptimizerName } from '../types.js';

const EPSILON = 1e-7;

export interface FlatOptimizer {
  step(theta: Float32Array, grad: Float32Array): void;
}

export function flatOptimizer(name: OptimizerName, learningRate: number, size: number): FlatOptimizer {
  const lr = learningRate;
  switch (name) {
    case 'sgd':
      return { step: (w, g) => { for (let i = 0; i < size; i++) w[i] -= lr * g[i]; } };
    case 'adam': {
      const m = new Float32Array(size);
      const v = new Float32Array(size);
      let beta1Power = 1;
      let beta2Power = 1;
      return {
        step(w, g) {
          beta1Power *= 0.9;
          beta2Power *= 0.999;
          const c1 = 1 - beta1Power;
          const c2 = 1 - beta2Power;
          for (let i = 0; i < size; i++) {
            const gi = g[i];
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + EPSILON);
          }
        },
      };
    }
    case 'rmsprop': {
      const ms = new Float32Array(size);
      return {
        step(w, g) {
          for (let i = 0; i < size; i++) {
            ms[i] = 0.9 * ms[i] + 0.1 * g[i] * g[i];
            w[i] -= (lr * g[i]) / Math.sqrt(ms[i] + EPSILON);
          }
        },
      };
    }
    case 'adagrad': {
      const acc = new Float32Array(size).fill(0.1);
      return {
        step(w, g) {
          for (let i = 0; i < size; i++) {
            acc[i] += g[i] * g[i];
            w[i] -= (lr * g[i]) / Math.sqrt(acc[i] + EPSILON);
          }
        },
      };
    }
  }
}
