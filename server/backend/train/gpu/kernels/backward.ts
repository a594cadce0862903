/**
 * One dense layer backward in two dispatches. The weight gradient: dW = input^T . dZ and
 * db = column sums of dZ, one invocation per kernel or bias value, rows ascending, written
 * straight into the flat gradient. The input gradient (layers after the first): dH = dZ . W^T,
 * units ascending, times the layer below's activation derivative in the same invocation.
 */
import { gradientBufferOf, type Layout } from '../layout.js';
import { ACTIVATION_HELPERS, backActivationOf } from './activation.js';
import { u, type Kernel } from './kernel.js';

export function weightGradientKernel(l: Layout, i: number): Kernel {
  const { inputs, units, kernel, input } = l.layers[i];
  const d = gradientBufferOf(l, i);
  return {
    label: `weight gradient ${i}`,
    invocations: (inputs + 1) * units,
    bindings: [
      { buffer: 'work', access: 'read' },
      { buffer: 'state', access: 'read_write' },
    ],
    body: `
  let k = idx / ${u(units)};
  let j = idx % ${u(units)};
  var acc = 0.0;
  if (k == ${u(inputs)}) {
    for (var r = 0u; r < batch.n; r = r + 1u) { acc = acc + work[${u(d)} + r * ${u(units)} + j]; }
  } else {
    for (var r = 0u; r < batch.n; r = r + 1u) {
      acc = acc + work[${u(input)} + r * ${u(inputs)} + k] * work[${u(d)} + r * ${u(units)} + j];
    }
  }
  state[${u(l.grad + kernel)} + idx] = acc;`,
  };
}

export function inputGradientKernel(l: Layout, i: number): Kernel {
  if (i === 0) throw new RangeError('the first layer has no input gradient');
  const { inputs, units, kernel } = l.layers[i];
  const below = l.layers[i - 1];
  const d = gradientBufferOf(l, i);
  const out = gradientBufferOf(l, i - 1);
  return {
    label: `input gradient ${i}`,
    invocations: l.capacity * inputs,
    bindings: [
      { buffer: 'state', access: 'read' },
      { buffer: 'work', access: 'read_write' },
    ],
    helpers: ACTIVATION_HELPERS,
    body: `
  let r = idx / ${u(inputs)};
  let k = idx % ${u(inputs)};
  if (r >= batch.n) { return; }
  var acc = 0.0;
  let a = ${u(d)} + r * ${u(units)};
  let w = ${u(kernel)} + k * ${u(units)};
  for (var j = 0u; j < ${u(units)}; j = j + 1u) { acc = acc + work[a + j] * state[w + j]; }
  let z = work[${u(below.z)} + idx];
  let h = work[${u(below.h)} + idx];
  work[${u(out)} + idx] = ${backActivationOf(below.activation, 'acc', 'z', 'h')};`,
  };
}
