/**
 * Which training backends a `backend` request may use, and which of them promise bitwise-identical
 * weights (`deterministic = true`). Pure: the engine chooses by it, and the checker refuses
 * what the engine would refuse, in the same words.
 */
import { BACKENDS, type Backend } from './keywords.js';

/** The engines behind the requests: CUDA through tfjs-node-gpu, WebGPU through Dawn, mlpipe's wasm kernels, tfjs's plain JS. */
export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** The backends each request tries, in order. */
export const BACKEND_ORDER: Readonly<Record<Backend, readonly BackendName[]>> = {
  auto: ['tensorflow', 'webgpu', 'wasm', 'cpu'],
  gpu: ['tensorflow', 'webgpu'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};

/**
 * Which backends promise bitwise-identical weights when a run is repeated on the same machine.
 * cpu and wasm compute every sum in a fixed order on one thread (tested in
 * test/unit/train/determinism.test.ts). The GPU backends make no promise: tfjs-backend-webgpu
 * and CUDA pick kernels and reduction orders by device and size, and neither library documents
 * a reproducible mode.
 */
export const DETERMINISTIC: Readonly<Record<BackendName, boolean>> = { tensorflow: false, webgpu: false, wasm: true, cpu: true };

/** The requests that can keep `deterministic = true`, for messages. */
export function deterministicRequests(): Backend[] {
  return BACKENDS.filter((r) => r !== 'auto' && BACKEND_ORDER[r].every((name) => DETERMINISTIC[name]));
}

/** Why a request cannot keep `deterministic = true` (none of its backends promises it), or undefined when it can. */
export function deterministicProblem(requested: Backend): string | undefined {
  if (BACKEND_ORDER[requested].some((name) => DETERMINISTIC[name])) return undefined;
  const qualify = deterministicRequests().map((r) => `'${r}'`).join(', ');
  return `backend '${requested}' cannot keep 'deterministic = true': no ${requested === 'gpu' ? 'GPU ' : ''}backend promises bitwise-identical weights; the backends that do are ${qualify}`;
}
