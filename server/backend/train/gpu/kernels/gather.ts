/** The batch's rows and labels, gathered on the device from the resident data by the epoch's order. */
import type { Layout } from '../layout.js';
import { u, type Kernel } from './kernel.js';

export function gatherKernel(l: Layout): Kernel {
  const cols = l.spec.inputs;
  return {
    label: 'gather',
    invocations: l.capacity * cols,
    bindings: [
      { buffer: 'x', access: 'read' },
      { buffer: 'y', access: 'read' },
      { buffer: 'order', access: 'read' },
      { buffer: 'work', access: 'read_write' },
    ],
    body: `
  let r = idx / ${u(cols)};
  let c = idx % ${u(cols)};
  if (r >= batch.n) { return; }
  let row = order[batch.start + r];
  work[${u(l.xb)} + idx] = x[row * ${u(cols)} + c];
  if (c == 0u) { work[${u(l.yb)} + r] = y[row]; }`,
  };
}
