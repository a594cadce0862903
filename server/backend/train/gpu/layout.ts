/**
 * Where everything lives on the device, as float offsets into two buffers, so that no kernel
 * binds more than a few: `state` holds the flat weights, their gradient, the optimizer's two
 * moment vectors and each batch's summed loss; `work` holds the batch (gathered rows and labels),
 * every layer's pre-activation z and activation h, two gradient buffers used in turn, and the
 * per-row losses. Weights follow `weightSpecs`' order (each kernel then its bias), so the
 * gradient of a layer's kernel and bias is one contiguous range.
 */
import { sizeOf, weightSpecs } from '../specs.js';
import type { LayerSpec, ModelSpec } from '../types.js';

export interface LayerLayout {
  inputs: number;
  units: number;
  activation: LayerSpec['activation'];
  /** Offset of the kernel in theta (the bias follows it at kernel + inputs * units). */
  kernel: number;
  /** Offsets in work: the layer's input, its z and its h. */
  input: number;
  z: number;
  h: number;
}

export interface Layout {
  spec: ModelSpec;
  capacity: number;
  parameters: number;
  /** state: theta at 0, then these. */
  grad: number;
  m: number;
  v: number;
  loss: number;
  stateSize: number;
  /** work. */
  xb: number;
  yb: number;
  layers: LayerLayout[];
  d: [number, number];
  rowLoss: number;
  workSize: number;
}

export function layoutOf(spec: ModelSpec, capacity: number, lossSlots: number): Layout {
  const parameters = weightSpecs(spec).reduce((n, w) => n + sizeOf(w.shape), 0);
  let work = 0;
  const take = (n: number): number => {
    const at = work;
    work += n;
    return at;
  };
  const xb = take(capacity * spec.inputs);
  const yb = take(capacity);
  let kernel = 0;
  let inputs = spec.inputs;
  let input = xb;
  let widest = 1;
  const layers = spec.layers.map((l) => {
    const z = take(capacity * l.units);
    const h = take(capacity * l.units);
    const layer: LayerLayout = { inputs, units: l.units, activation: l.activation, kernel, input, z, h };
    kernel += inputs * l.units + l.units;
    widest = Math.max(widest, l.units);
    inputs = l.units;
    input = h;
    return layer;
  });
  const d: [number, number] = [take(capacity * widest), take(capacity * widest)];
  const rowLoss = take(capacity);
  return {
    spec,
    capacity,
    parameters,
    grad: parameters,
    m: 2 * parameters,
    v: 3 * parameters,
    loss: 4 * parameters,
    stateSize: 4 * parameters + lossSlots,
    xb,
    yb,
    layers,
    d,
    rowLoss,
    workSize: work,
  };
}

/** The gradient buffer a layer's dL/dz is in during the backward pass (the last layer's is d[0]). */
export function gradientBufferOf(layout: Layout, layer: number): number {
  return layout.d[(layout.layers.length - 1 - layer) % 2];
}
