/** Names and shapes of a model's weights, in storage order: the layout every backend shares. */
import type { ModelSpec, WeightSpec } from './types.js';

export const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function weightSpecs(spec: ModelSpec): WeightSpec[] {
  const out: WeightSpec[] = [];
  let fanIn = spec.inputs;
  spec.layers.forEach((layer, i) => {
    out.push({ name: `dense_${i}/kernel`, shape: [fanIn, layer.units], dtype: 'float32' });
    out.push({ name: `dense_${i}/bias`, shape: [layer.units], dtype: 'float32' });
    fanIn = layer.units;
  });
  return out;
}
