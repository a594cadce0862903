/**
 * The initial weights of every backend, in plain TypeScript so that all of them start from the
 * same numbers: Glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))), each layer drawn
 * from its own Mulberry32 stream seeded from the model seed's stream, and zero biases. Layout:
 * every weight concatenated in `weightSpecs` order, each row-major.
 */
import { Mulberry32 } from '../../mlpipe/data/prng.js';
import { weightSpecs } from './specs.js';
import type { ModelSpec } from './types.js';

export function initialWeights(spec: ModelSpec, seed: number): Float32Array {
  const specs = weightSpecs(spec);
  const total = specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  const out = new Float32Array(total);
  const seeds = new Mulberry32(seed);
  let offset = 0;
  for (const w of specs) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (w.name.endsWith('/kernel')) {
      const [fanIn, fanOut] = w.shape;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const rng = new Mulberry32(seeds.next());
      for (let i = 0; i < n; i++) out[offset + i] = (rng.float() * 2 - 1) * limit;
    }
    offset += n;
  }
  return out;
}
