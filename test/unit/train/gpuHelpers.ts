/**
 * Running the WebGPU engine's kernels one at a time for tests: a device (or a one-line reason to
 * skip), a network with only the kernels under test compiled, and one dispatch of them for a
 * batch. Software adapters are allowed: without a GPU this is Dawn's OpenGL ES backend on llvmpipe.
 */
import type { TestContext } from 'node:test';
import { gpuContext } from '../../../server/backend/train/gpu/device.js';
import type { Kernel } from '../../../server/backend/train/gpu/kernels/kernel.js';
import { layoutOf, type Layout } from '../../../server/backend/train/gpu/layout.js';
import { GpuNetwork } from '../../../server/backend/train/gpu/network.js';
import type { LayerSpec, ModelSpec, TrainTask } from '../../../server/backend/train/types.js';

process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';

/** The engine's device, or undefined after skipping the test with the reason. */
export async function deviceOrSkip(t: TestContext): Promise<GPUDevice | undefined> {
  try {
    return (await gpuContext(true)).device;
  } catch (e) {
    t.skip(`no WebGPU adapter here, not even a software one: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

export function specOf(task: TrainTask, inputs: number, layers: LayerSpec[]): ModelSpec {
  const classes = task === 'multiclass' ? layers[layers.length - 1].units : task === 'binary' ? 2 : 1;
  return { format: 'mlpipe-dense/1', kind: 'mlp', task, inputs, classes, layers, head: task === 'binary' ? 'sigmoid' : task === 'multiclass' ? 'softmax' : 'identity' };
}

export interface KernelRig {
  net: GpuNetwork;
  layout: Layout;
  /** Runs the compiled kernels once for a batch of n rows from `start`. */
  run(n: number, batch?: { start?: number; c1?: number; c2?: number }): Promise<void>;
}

export async function kernelRig(device: GPUDevice, spec: ModelSpec, capacity: number, kernels: (l: Layout) => Kernel[], rows = capacity): Promise<KernelRig> {
  const layout = layoutOf(spec, capacity, 1);
  const net = await GpuNetwork.create(device, layout, rows, 1, 'sgd', 0.1, kernels(layout));
  return {
    net,
    layout,
    async run(n, batch = {}) {
      const slot = new ArrayBuffer(net.stride);
      const u32 = new Uint32Array(slot);
      const f32 = new Float32Array(slot);
      u32[0] = batch.start ?? 0;
      u32[1] = n;
      f32[2] = batch.c1 ?? 1;
      f32[3] = batch.c2 ?? 1;
      u32[4] = 0;
      device.queue.writeBuffer(net.batch, 0, slot);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      net.encodeStep(pass, 0);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    },
  };
}

/** Uniform values in [-1, 1) from a seeded generator, as float32. */
export function randoms(rng: { float(): number }, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.float() * 2 - 1) * scale);
}

/**
 * |got - want| <= atol + rtol * magnitude, where magnitude bounds the rounding of the sum behind
 * each value (the sum of its terms' absolute values, or the value itself).
 */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, tol: { atol: number; rtol: number }, magnitude?: ArrayLike<number>): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} values, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const scale = magnitude ? magnitude[i] : Math.abs(want[i]);
    if (!(Math.abs(got[i] - want[i]) <= tol.atol + tol.rtol * scale)) {
      throw new Error(`${what}[${i}]: got ${got[i]}, expected ${want[i]} (within ${tol.atol} + ${tol.rtol} x ${scale})`);
    }
  }
}
