/** Small synthetic problems with known structure, generated from a seed. */
import { Mulberry32 } from '../../../../server/mlpipe/data/prng.js';

export interface Problem {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  cols: number;
}

function features(rows: number, cols: number, rng: Mulberry32): Float32Array {
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.float() * 2 - 1;
  return x;
}

/** Label 1 when a fixed linear score of the features is positive (about balanced). */
export function binaryProblem(rows: number, cols = 6, seed = 1): Problem {
  const rng = new Mulberry32(seed);
  const x = features(rows, cols, rng);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let z = 0.2;
    for (let c = 0; c < cols; c++) z += x[r * cols + c] * ((c % 3) - 1 + 0.5 * (c % 2));
    y[r] = z > 0 ? 1 : 0;
  }
  return { x, y, rows, cols };
}

/** Class = which of three fixed directions the row points to most. */
export function multiclassProblem(rows: number, cols = 6, seed = 2): Problem {
  const rng = new Mulberry32(seed);
  const x = features(rows, cols, rng);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const s = [0, 1, 2].map((k) => x[r * cols + k] - 0.5 * x[r * cols + ((k + 1) % cols)]);
    y[r] = s.indexOf(Math.max(...s));
  }
  return { x, y, rows, cols };
}

/** y = a fixed linear function plus a mild nonlinearity and noise. */
export function regressionProblem(rows: number, cols = 6, seed = 3): Problem {
  const rng = new Mulberry32(seed);
  const x = features(rows, cols, rng);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let v = 1;
    for (let c = 0; c < cols; c++) v += x[r * cols + c] * (c - cols / 2);
    y[r] = v + 0.5 * x[r * cols] * x[r * cols] + (rng.float() - 0.5) * 0.1;
  }
  return { x, y, rows, cols };
}

export function majorityShare(y: Float32Array): number {
  const counts = new Map<number, number>();
  for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Math.max(...counts.values()) / y.length;
}
