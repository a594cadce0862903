/**
 * The activations and their derivatives in WGSL, the same formulas as the wasm engine's
 * (../../native/activations.ts): GELU through the same Abramowitz-Stegun erf, ELU's derivative
 * from h. WGSL lacks expm1, so ELU's negative side is exp(z) - 1 (an absolute error near 6e-8).
 */
import type { LayerSpec } from '../../types.js';

export const ACTIVATION_HELPERS = `
fn erf_as(x: f32) -> f32 {
  let s = select(1.0, -1.0, x < 0.0);
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return s * y;
}`;

/** WGSL expression of act(z). */
export function activationOf(activation: LayerSpec['activation'], z: string): string {
  switch (activation) {
    case 'relu':
      return `max(${z}, 0.0)`;
    case 'tanh':
      return `tanh(${z})`;
    case 'sigmoid':
      return `(1.0 / (1.0 + exp(-${z})))`;
    case 'elu':
      return `select(exp(${z}) - 1.0, ${z}, ${z} > 0.0)`;
    case 'gelu':
      return `(0.5 * ${z} * (1.0 + erf_as(${z} * 0.70710678118654752)))`;
    case 'linear':
      return z;
  }
}

/** WGSL expression of dL/dz from dL/dh `d`, given z and h = act(z). */
export function backActivationOf(activation: LayerSpec['activation'], d: string, z: string, h: string): string {
  switch (activation) {
    case 'relu':
      // A select, not a product: the wasm engine masks (0 where h <= 0), whatever d holds.
      return `select(0.0, ${d}, ${h} > 0.0)`;
    case 'tanh':
      return `(${d} * (1.0 - ${h} * ${h}))`;
    case 'sigmoid':
      return `(${d} * (${h} * (1.0 - ${h})))`;
    case 'elu':
      return `select(${d} * (${h} + 1.0), ${d}, ${z} > 0.0)`;
    case 'gelu':
      return `(${d} * (0.5 * (1.0 + erf_as(${z} * 0.70710678118654752)) + ${z} * 0.39894228040143268 * exp(-0.5 * ${z} * ${z})))`;
    case 'linear':
      return d;
  }
}
