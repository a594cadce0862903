/**
 * Activations of the dense engine and their derivatives, over float32 ranges. The exact GELU
 * x * Phi(x) needs erf, which JavaScript lacks: Abramowitz and Stegun 7.1.26 (absolute error
 * below 1.5e-7, under float32's resolution near 1), the same formula tfjs uses.
 */
import type { LayerSpec } from '../types.js';

export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** h[i] = act(z[i]) for i in [0, n). */
export function activate(activation: LayerSpec['activation'], z: Float32Array, h: Float32Array, n: number): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) h[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) h[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) h[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'elu':
      for (let i = 0; i < n; i++) h[i] = z[i] > 0 ? z[i] : Math.expm1(z[i]);
      return;
    case 'gelu':
      for (let i = 0; i < n; i++) h[i] = 0.5 * z[i] * (1 + erf(z[i] * Math.SQRT1_2));
      return;
    case 'linear':
      if (h !== z) h.set(z.subarray(0, n));
      return;
  }
}

/** d[i] *= act'(z[i]) (given h = act(z)), turning dL/dh into dL/dz in place. */
export function backActivate(activation: LayerSpec['activation'], z: Float32Array, h: Float32Array, d: Float32Array, n: number): void {
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) d[i] = 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) d[i] *= 1 - h[i] * h[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) d[i] *= h[i] * (1 - h[i]);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) d[i] *= h[i] + 1;
      return;
    case 'gelu':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        d[i] *= 0.5 * (1 + erf(x * Math.SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      }
      return;
    case 'linear':
      return;
  }
}
