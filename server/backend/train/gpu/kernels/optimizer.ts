/**
 * The optimizer over the one flat weight vector, one invocation per weight, with the wasm
 * engine's formulas and tfjs's defaults (../../native/optimizers.ts). Adam's bias corrections
 * c1 = 1 - 0.9^t and c2 = 1 - 0.999^t come per batch in the uniform slot, computed on the CPU in
 * float64 as the wasm engine does. `m` holds Adam's first moment, RMSProp's mean square or
 * Adagrad's accumulator (which starts at 0.1, set by the session).
 */
import type { OptimizerName } from '../../types.js';
import type { Layout } from '../layout.js';
import { u, type Kernel } from './kernel.js';

const EPSILON = '1e-7';

export function optimizerKernel(l: Layout, name: OptimizerName, learningRate: number): Kernel {
  const lr = `f32(${learningRate})`;
  const g = `state[${u(l.grad)} + idx]`;
  const m = `state[${u(l.m)} + idx]`;
  const v = `state[${u(l.v)} + idx]`;
  let body: string;
  switch (name) {
    case 'sgd':
      body = `state[idx] = state[idx] - ${lr} * ${g};`;
      break;
    case 'adam':
      body = `
  let g = ${g};
  let m = 0.9 * ${m} + 0.1 * g;
  let v = 0.999 * ${v} + 0.001 * g * g;
  ${m} = m;
  ${v} = v;
  state[idx] = state[idx] - (${lr} * (m / batch.c1)) / (sqrt(v / batch.c2) + ${EPSILON});`;
      break;
    case 'rmsprop':
      body = `
  let g = ${g};
  let m = 0.9 * ${m} + 0.1 * g * g;
  ${m} = m;
  state[idx] = state[idx] - (${lr} * g) / sqrt(m + ${EPSILON});`;
      break;
    case 'adagrad':
      body = `
  let g = ${g};
  let m = ${m} + g * g;
  ${m} = m;
  state[idx] = state[idx] - (${lr} * g) / sqrt(m + ${EPSILON});`;
      break;
  }
  return { label: `optimizer ${name}`, invocations: l.parameters, bindings: [{ buffer: 'state', access: 'read_write' }], body };
}
