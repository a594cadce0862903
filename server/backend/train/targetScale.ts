/**
 * A regression target is learned standardized and answered in its own units.
 *
 * A target in the thousands (prices, revenue) trained as it is leaves the output layer's bias
 * hundreds of optimizer steps from the mean at any sane learning rate: the first run of such a
 * pipeline ended at r2 -8.9 with its loss still falling. The language gives the target no
 * transform, so the engine does what a careful user would: it trains on
 * (y - mean) / std, with mean and std of the training split, then folds the inverse into the
 * last layer (kernel * std, bias * std + mean). The saved weights therefore answer in the
 * target's units, and serving, batch scoring, evaluation and parity read them unchanged: no
 * second place applies the scale. The epoch losses are in standardized units (1 = as good as
 * predicting the mean).
 *
 * Pure arithmetic in a fixed order, so a seeded run still repeats bit for bit.
 */
import { sizeOf } from './specs.js';
import type { ModelSpec, WeightsSnapshot } from './types.js';

export interface TargetScale {
  mean: number;
  /** Population standard deviation of the training target; 1 when the target is constant. */
  std: number;
}

/** Mean and standard deviation of `y` (float64, in index order). */
export function targetScaleOf(y: Float32Array): TargetScale {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i];
  const mean = y.length ? sum / y.length : 0;
  let squares = 0;
  for (let i = 0; i < y.length; i++) squares += (y[i] - mean) * (y[i] - mean);
  const std = y.length ? Math.sqrt(squares / y.length) : 0;
  // A constant target only needs the shift; a tiny spread would blow the weights up.
  return { mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) && Number.isFinite(std) ? std : 1 };
}

/** `y` standardized by `s`. */
export function scaledTarget(y: Float32Array, s: TargetScale): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - s.mean) / s.std;
  return out;
}

/**
 * The weights of a network trained on the standardized target, made to answer in the target's
 * units: the last layer's kernel times std, its bias times std plus mean. Needs an identity head
 * (regression); the other weights are copied unchanged.
 */
export function foldTargetScale(spec: ModelSpec, w: WeightsSnapshot, s: TargetScale): WeightsSnapshot {
  if (spec.head !== 'identity') throw new Error(`a target scale folds into an identity head, not ${spec.head}`);
  const data = Float32Array.from(w.data);
  const n = w.specs.length;
  let kernelAt = 0;
  for (let i = 0; i < n - 2; i++) kernelAt += sizeOf(w.specs[i].shape);
  const kernel = sizeOf(w.specs[n - 2].shape);
  const bias = sizeOf(w.specs[n - 1].shape);
  for (let i = kernelAt; i < kernelAt + kernel; i++) data[i] = data[i] * s.std;
  for (let i = kernelAt + kernel; i < kernelAt + kernel + bias; i++) data[i] = data[i] * s.std + s.mean;
  return { specs: w.specs, data };
}
