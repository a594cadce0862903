/**
 * One dense layer forward in one dispatch: z = bias + input . W (k ascending, from the bias, as
 * the wasm engine's product), h = act(z). One invocation per (row, unit).
 */
import type { Layout } from '../layout.js';
import { ACTIVATION_HELPERS, activationOf } from './activation.js';
import { u, type Kernel } from './kernel.js';

export function forwardKernel(l: Layout, i: number): Kernel {
  const { inputs, units, kernel, input, z, h, activation } = l.layers[i];
  return {
    label: `forward ${i}`,
    invocations: l.capacity * units,
    bindings: [
      { buffer: 'state', access: 'read' },
      { buffer: 'work', access: 'read_write' },
    ],
    helpers: ACTIVATION_HELPERS,
    body: `
  let r = idx / ${u(units)};
  let j = idx % ${u(units)};
  if (r >= batch.n) { return; }
  var acc = state[${u(kernel + inputs * units)} + j];
  let a = ${u(input)} + r * ${u(inputs)};
  for (var k = 0u; k < ${u(inputs)}; k = k + 1u) {
    acc = acc + work[a + k] * state[${u(kernel)} + k * ${u(units)} + j];
  }
  work[${u(z)} + idx] = acc;
  work[${u(h)} + idx] = ${activationOf(activation, 'acc')};`,
  };
}
