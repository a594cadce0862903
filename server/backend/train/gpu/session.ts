/**
 * Training on mlpipe's own WebGPU engine. The data set, the weights, the optimizer's state and
 * every activation stay on the device. `step` only records the batch (its place in the epoch's
 * order, its size, Adam's bias corrections) into a uniform slot; the recorded steps are encoded
 * into one compute pass and submitted together when the epoch's loss is asked for (or when the
 * slots are full, or a new order starts), so an epoch costs one submit and one read-back of its
 * per-batch losses, summed here in float64 in batch order.
 *
 * Same semantics as the wasm engine (./../native/session.ts): the same initial weights, the same
 * batches in the same order, the same loss, gradient and optimizer formulas. The sums run in
 * float32 in a fixed order, but not the wasm engine's order (it sums four shards of a batch
 * separately), so the two agree to rounding, not bitwise; two runs here agree bitwise.
 */
import { initialWeights } from '../init.js';
import { NativeNetwork } from '../native/dense.js';
import { PREDICT_CAPACITY } from '../native/model.js';
import type { NativeSessionInput } from '../native/session.js';
import type { TrainingSession } from '../session.js';
import { gpuContext } from './device.js';
import { layoutOf } from './layout.js';
import { GpuTrainedModel } from './model.js';
import { GpuNetwork } from './network.js';

/** What the wasm engine's session takes, less its thread count: a GPU session has no shards. */
export type GpuSessionInput = Omit<NativeSessionInput, 'threads'>;

/** Batches recorded before a submit at most: an epoch of the benchmarks fits in one. */
const MAX_SLOTS = 4096;

interface Submitted {
  staging: GPUBuffer;
  count: number;
  errors: Promise<GPUError | null>;
}

export async function gpuSession(input: GpuSessionInput): Promise<TrainingSession> {
  const { spec, batchSize } = input;
  const { device } = await gpuContext();
  const rows = input.y.length;
  const slots = Math.max(1, Math.min(MAX_SLOTS, Math.ceil(rows / batchSize)));
  const layout = layoutOf(spec, batchSize, slots);
  const net = await GpuNetwork.create(device, layout, rows, slots, input.optimizer, input.learningRate);
  const P = layout.parameters;
  net.write('x', 0, input.x);
  net.write('y', 0, input.y);
  net.write('state', 0, initialWeights(spec, input.seed));
  // New buffers hold zeros: Adam's and RMSProp's moments start there; Adagrad's at 0.1.
  if (input.optimizer === 'adagrad') net.write('state', layout.m, new Float32Array(P).fill(0.1));

  const U = (globalThis as unknown as { GPUBufferUsage: typeof GPUBufferUsage }).GPUBufferUsage;
  const READ = (globalThis as unknown as { GPUMapMode: typeof GPUMapMode }).GPUMapMode.READ;
  const slotBytes = new ArrayBuffer(net.stride * slots);
  const slotU32 = new Uint32Array(slotBytes);
  const slotF32 = new Float32Array(slotBytes);
  const orderCopy = new Uint32Array(rows);
  let lastOrder: Int32Array | undefined;
  let orderDirty = false;
  let pending = 0;
  let submitted: Submitted[] = [];
  let beta1Power = 1;
  let beta2Power = 1;
  let closed = false;

  const flush = (): void => {
    if (pending === 0) return;
    if (orderDirty) net.write('order', 0, orderCopy);
    orderDirty = false;
    device.queue.writeBuffer(net.batch, 0, slotBytes, 0, pending * net.stride);
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let b = 0; b < pending; b++) net.encodeStep(pass, b);
    pass.end();
    const staging = device.createBuffer({ size: pending * 4, usage: U.MAP_READ | U.COPY_DST });
    encoder.copyBufferToBuffer(net.buffers.state, layout.loss * 4, staging, 0, pending * 4);
    device.queue.submit([encoder.finish()]);
    const validation = device.popErrorScope();
    const memory = device.popErrorScope();
    submitted.push({ staging, count: pending, errors: Promise.all([validation, memory]).then(([a, b]) => a ?? b) });
    pending = 0;
  };

  const drain = async (): Promise<number> => {
    flush();
    const list = submitted;
    submitted = [];
    let total = 0;
    for (const s of list) {
      const error = await s.errors;
      if (error) throw new Error(`the GPU failed a training step: ${error.message.split('\n')[0]}`);
      await s.staging.mapAsync(READ);
      const losses = new Float32Array(s.staging.getMappedRange());
      for (let i = 0; i < s.count; i++) total += losses[i];
      s.staging.unmap();
      s.staging.destroy();
    }
    return total;
  };

  const weights = async (): Promise<Float32Array> => {
    await drain();
    return net.read('state', 0, P);
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const s of submitted) s.staging.destroy();
    net.destroy();
  };

  return {
    step(order, start, n) {
      // A new epoch's order (the trainer reshuffles in place before start 0): the steps recorded
      // so far used the old one, so they go first.
      if (start === 0 || order !== lastOrder) {
        flush();
        orderCopy.set(order);
        lastOrder = order;
        orderDirty = true;
      }
      beta1Power *= 0.9;
      beta2Power *= 0.999;
      const at = (pending * net.stride) / 4;
      slotU32[at] = start;
      slotU32[at + 1] = n;
      slotF32[at + 2] = 1 - beta1Power;
      slotF32[at + 3] = 1 - beta2Power;
      slotU32[at + 4] = pending;
      pending++;
      if (pending === slots) flush();
    },
    takeLoss: drain,
    async validationLoss(v) {
      const cpu = NativeNetwork.fromWeights(spec, await weights(), PREDICT_CAPACITY);
      return cpu.totalLoss(input.task, v.x, v.y, v.rows) / v.rows;
    },
    finish(history) {
      const done = weights().finally(close);
      return new GpuTrainedModel(spec, done, input.backend, input.seed, history);
    },
    dispose: close,
  };
}
