/**
 * The benchmark's data: rows x cols uniform features in [-1, 1) and a binary label from a fixed
 * nonlinear rule, generated from a seed with the project PRNG. Written as one little-endian
 * float32 file (x row-major, then y) that the tfjs workers and the Python peers all read.
 */
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { Mulberry32 } from '../../server/mlpipe/data/prng.js';

export interface BenchData {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  cols: number;
}

export function makeData(rows: number, cols: number, seed: number): BenchData {
  const rng = new Mulberry32(seed);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.float() * 2 - 1;
  const weights = Array.from({ length: cols }, () => rng.float() * 2 - 1);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let c = 0; c < cols; c++) z += weights[c] * x[r * cols + c];
    z += x[r * cols] * x[r * cols + 1];
    y[r] = z > 0 ? 1 : 0;
  }
  return { x, y, rows, cols };
}

export function writeData(path: string, d: BenchData): void {
  const out = new Float32Array(d.x.length + d.y.length);
  out.set(d.x);
  out.set(d.y, d.x.length);
  writeFileSync(path, new Uint8Array(out.buffer));
}

export function readData(path: string, rows: number, cols: number): BenchData {
  // Read straight into the Float32Array's memory: a Buffer and a copy of it would double the
  // peak resident memory the benchmark reports.
  const all = new Float32Array(statSync(path).size / 4);
  const fd = openSync(path, 'r');
  try {
    const into = new Uint8Array(all.buffer);
    for (let at = 0; at < into.length; ) {
      const n = readSync(fd, into, at, into.length - at, at);
      if (n === 0) break;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  if (all.length !== rows * cols + rows) throw new Error(`${path}: ${all.length} values, expected ${rows * cols + rows}`);
  return { x: all.subarray(0, rows * cols), y: all.subarray(rows * cols), rows, cols };
}
