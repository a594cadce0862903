/**
 * The GPU device of mlpipe's own WebGPU engine: one per process, from the adapter the `webgpu`
 * backend found (./../webgpu.ts). It asks for the adapter's buffer-size maxima (the data set
 * lives on the device) and nothing else above the defaults: the kernels bind at most four storage
 * buffers and use workgroups of 64, inside the compatibility feature level's defaults (4 storage
 * buffers per stage, 128 invocations per workgroup) that Dawn's OpenGL ES backend enforces.
 */
import { describeAdapter, findAdapter, type FoundAdapter } from '../webgpu.js';

export const ENGINE_VERSION = 'mlpipe-dense-webgpu/1 (fused WGSL kernels)';

export interface GpuContext {
  device: GPUDevice;
  adapter: string;
  /** Kept so that Dawn's instance lives as long as the device. */
  found: FoundAdapter;
}

let opened: Promise<GpuContext> | undefined;

async function open(allowSoftware: boolean): Promise<GpuContext> {
  const found = await findAdapter(allowSoftware);
  const limits = found.adapter.limits;
  const device = (await found.adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize },
  })) as GPUDevice;
  // A lost device (a driver reset) is not reused: the next session opens a new one.
  void device.lost.then(() => {
    opened = undefined;
  });
  return { device, adapter: describeAdapter(found.adapter), found };
}

/** The engine's device (opened on first use); rejects with one line when there is none. */
export function gpuContext(allowSoftware = process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE === '1'): Promise<GpuContext> {
  opened ??= open(allowSoftware);
  // A failed open is not remembered: a later call may set the software opt-in.
  opened.catch(() => (opened = undefined));
  return opened;
}
