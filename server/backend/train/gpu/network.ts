/**
 * The dense network on the device: the buffers of ./layout.ts, the resident data, and one compute
 * pipeline per kernel, each with its bind group made once. `encodeStep` records a whole training
 * step (gather, forward, loss, backward, optimizer) into a compute pass for the batch in uniform
 * slot `slot`; nothing is read back.
 */
import type { OptimizerName } from '../types.js';
import { inputGradientKernel, weightGradientKernel } from './kernels/backward.js';
import { forwardKernel } from './kernels/forward.js';
import { gatherKernel } from './kernels/gather.js';
import { BATCH_BYTES, WORKGROUP, wgslOf, workgroups, type BufferName, type Kernel } from './kernels/kernel.js';
import { lossKernel, lossSumKernel } from './kernels/loss.js';
import { optimizerKernel } from './kernels/optimizer.js';
import type { Layout } from './layout.js';

export interface Compiled {
  kernel: Kernel;
  pipeline: GPUComputePipeline;
  group: GPUBindGroup;
  groups: [number, number];
}

const usage = (): typeof GPUBufferUsage => (globalThis as unknown as { GPUBufferUsage: typeof GPUBufferUsage }).GPUBufferUsage;
const mapMode = (): typeof GPUMapMode => (globalThis as unknown as { GPUMapMode: typeof GPUMapMode }).GPUMapMode;

/** Bytes rounded up to 4 (buffer sizes must be multiples of 4; an empty buffer cannot be bound). */
const bytes = (floats: number): number => Math.max(4, floats * 4);

export class GpuNetwork {
  readonly buffers: Record<BufferName, GPUBuffer>;
  readonly batch: GPUBuffer;
  /** Bytes between uniform slots: the device's dynamic-offset alignment. */
  readonly stride: number;
  private readonly steps: Compiled[];

  private constructor(
    readonly device: GPUDevice,
    readonly layout: Layout,
    readonly slots: number,
    buffers: Record<BufferName, GPUBuffer>,
    steps: Compiled[],
    batch: GPUBuffer,
    stride: number,
  ) {
    this.buffers = buffers;
    this.steps = steps;
    this.batch = batch;
    this.stride = stride;
  }

  /**
   * Buffers for `rows` x inputs of data and a layout, and the step's kernels compiled. With
   * `kernels`, only those (tests run one at a time).
   */
  static async create(device: GPUDevice, layout: Layout, rows: number, slots: number, optimizer: OptimizerName, learningRate: number, kernels?: Kernel[]): Promise<GpuNetwork> {
    const U = usage();
    const cols = layout.spec.inputs;
    const max = device.limits.maxStorageBufferBindingSize;
    const need = rows * cols * 4;
    if (need > max) {
      throw new RangeError(`the data set (${rows} rows x ${cols} columns, ${(need / 2 ** 20).toFixed(0)} MiB) is larger than this GPU's largest storage buffer (${(max / 2 ** 20).toFixed(0)} MiB)`);
    }
    const storage = (floats: number, label: string): GPUBuffer =>
      device.createBuffer({ label, size: bytes(floats), usage: U.STORAGE | U.COPY_DST | U.COPY_SRC });
    const buffers: Record<BufferName, GPUBuffer> = {
      x: storage(rows * cols, 'x'),
      y: storage(rows, 'y'),
      order: storage(rows, 'order'),
      work: storage(layout.workSize, 'work'),
      state: storage(layout.stateSize, 'state'),
    };
    const stride = Math.max(BATCH_BYTES, device.limits.minUniformBufferOffsetAlignment);
    const batch = device.createBuffer({ label: 'batch', size: stride * slots, usage: U.UNIFORM | U.COPY_DST });
    const list = kernels ?? stepKernels(layout, optimizer, learningRate);
    checkLimits(device, list);
    device.pushErrorScope('validation');
    const steps = await Promise.all(list.map((k) => compile(device, k, buffers, batch)));
    const error = await device.popErrorScope();
    if (error) throw new Error(`WebGPU refused a kernel: ${error.message.split('\n')[0]}`);
    return new GpuNetwork(device, layout, slots, buffers, steps, batch, stride);
  }

  /** Records the step's kernels for the batch in uniform slot `slot`. */
  encodeStep(pass: GPUComputePassEncoder, slot: number): void {
    for (const s of this.steps) {
      pass.setPipeline(s.pipeline);
      pass.setBindGroup(0, s.group, [slot * this.stride]);
      pass.dispatchWorkgroups(s.groups[0], s.groups[1]);
    }
  }

  /** Reads `floats` values of a buffer from float offset `at` (waits for the device). */
  async read(buffer: BufferName, at: number, floats: number): Promise<Float32Array> {
    const U = usage();
    const staging = this.device.createBuffer({ size: bytes(floats), usage: U.MAP_READ | U.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.buffers[buffer], at * 4, staging, 0, floats * 4);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(mapMode().READ);
    const out = new Float32Array(staging.getMappedRange().slice(0, floats * 4));
    staging.unmap();
    staging.destroy();
    return out;
  }

  write(buffer: BufferName, at: number, data: ArrayBufferView & { byteLength: number }): void {
    this.device.queue.writeBuffer(this.buffers[buffer], at * 4, data.buffer, data.byteOffset, data.byteLength);
  }

  destroy(): void {
    for (const b of Object.values(this.buffers)) b.destroy();
    this.batch.destroy();
  }
}

/** A training step's kernels in order. */
export function stepKernels(layout: Layout, optimizer: OptimizerName, learningRate: number): Kernel[] {
  const n = layout.layers.length;
  const backward: Kernel[] = [];
  for (let i = n - 1; i >= 0; i--) {
    backward.push(weightGradientKernel(layout, i));
    if (i > 0) backward.push(inputGradientKernel(layout, i));
  }
  return [
    gatherKernel(layout),
    ...layout.layers.map((_, i) => forwardKernel(layout, i)),
    lossKernel(layout),
    lossSumKernel(layout),
    ...backward,
    optimizerKernel(layout, optimizer, learningRate),
  ];
}

/** The kernels fit the device (the compatibility level's defaults: 4 storage buffers, 128 invocations). */
function checkLimits(device: GPUDevice, kernels: Kernel[]): void {
  const storage = device.limits.maxStorageBuffersPerShaderStage;
  const widest = kernels.reduce((a, k) => (k.bindings.length > a.bindings.length ? k : a));
  if (widest.bindings.length > storage) throw new RangeError(`the '${widest.label}' kernel binds ${widest.bindings.length} storage buffers; this GPU allows ${storage}`);
  if (WORKGROUP > device.limits.maxComputeInvocationsPerWorkgroup) {
    throw new RangeError(`the kernels use workgroups of ${WORKGROUP}; this GPU allows ${device.limits.maxComputeInvocationsPerWorkgroup}`);
  }
}

async function compile(device: GPUDevice, kernel: Kernel, buffers: Record<BufferName, GPUBuffer>, batch: GPUBuffer): Promise<Compiled> {
  const groups = workgroups(kernel.invocations, device.limits.maxComputeWorkgroupsPerDimension);
  const module = device.createShaderModule({ label: kernel.label, code: wgslOf(kernel, groups[0]) });
  const layout = device.createBindGroupLayout({
    label: kernel.label,
    entries: [
      { binding: 0, visibility: 4 /* COMPUTE */, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: BATCH_BYTES } },
      ...kernel.bindings.map((b, i) => ({ binding: i + 1, visibility: 4, buffer: { type: b.access === 'read' ? ('read-only-storage' as const) : ('storage' as const) } })),
    ],
  });
  const pipeline = await device.createComputePipelineAsync({
    label: kernel.label,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
  });
  const group = device.createBindGroup({
    layout,
    entries: [
      { binding: 0, resource: { buffer: batch, offset: 0, size: BATCH_BYTES } },
      ...kernel.bindings.map((b, i) => ({ binding: i + 1, resource: { buffer: buffers[b.buffer] } })),
    ],
  });
  return { kernel, pipeline, group, groups };
}
