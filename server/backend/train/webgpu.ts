/**
 * WebGPU in Node through Dawn (the `webgpu` package), registered as tfjs's `webgpu` backend with a
 * device we create ourselves: tfjs's own factory cannot ask for the compatibility feature level
 * that the OpenGL ES fallback needs. Facts that shaped this file: tfjs-backend-webgpu looks for
 * `navigator.gpu` when it is imported; Debian's lavapipe gives Dawn no Vulkan adapter, while
 * Dawn's OpenGL ES backend over llvmpipe works (surfaceless EGL, compatibility feature level).
 */
import * as tf from '@tensorflow/tfjs';
import { VULKAN_LOADER, vulkanLoaderFound } from './vulkanLoader.js';

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software rasterizer/i;

export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  limits: Record<string, number>;
  features: Set<string>;
  requestDevice(d?: unknown): Promise<unknown>;
}
export interface GpuLike {
  requestAdapter(o?: unknown): Promise<AdapterLike | null>;
}

export function describeAdapter(a: AdapterLike): string {
  const i = a.info ?? {};
  return [i.vendor, i.architecture, i.device, i.description].filter((s) => s && s.length > 0).join('; ') || 'unknown adapter';
}

export function isSoftwareAdapter(a: AdapterLike): boolean {
  return Boolean(a.isFallbackAdapter || a.info?.isFallbackAdapter) || SOFTWARE.test(describeAdapter(a));
}

// `webgpu` is an ES module; a computed name keeps esbuild from bundling it into dist/.
const importModule = (name: string): Promise<unknown> => import(name);

interface Attempt {
  label: string;
  flags: string[];
  options: Record<string, unknown>;
  env?: Record<string, string>;
}

const HARDWARE: Attempt = { label: 'default (Vulkan)', flags: [], options: { powerPreference: 'high-performance' } };
const GLES: Attempt = {
  label: 'OpenGL ES',
  flags: ['backend=opengles'],
  options: { featureLevel: 'compatibility', powerPreference: 'high-performance' },
  env: { EGL_PLATFORM: 'surfaceless' },
};

/** The Dawn module's GPU object and a chosen adapter. */
export interface FoundAdapter {
  gpu: GpuLike;
  adapter: AdapterLike;
}

let dawnGlobals: Promise<object> | undefined;

/**
 * Loads Dawn and finds an adapter: hardware first, then (only with `allowSoftware`) OpenGL ES
 * at the compatibility feature level. Throws one line naming every refusal. Shared by tfjs's
 * backend below and mlpipe's own WebGPU engine (./gpu/).
 */
export async function findAdapter(allowSoftware: boolean): Promise<FoundAdapter> {
  dawnGlobals ??= (async () => {
    const { globals } = (await importModule('webgpu')) as { globals: object };
    // tfjs-backend-webgpu and our engine read GPUBufferUsage and friends as globals, as in a browser.
    for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
    return globals;
  })();
  await dawnGlobals;
  const { create } = (await importModule('webgpu')) as { create(flags: string[]): GpuLike };
  const refusals: string[] = [];
  for (const attempt of allowSoftware ? [HARDWARE, GLES] : [HARDWARE]) {
    if (attempt === HARDWARE && !vulkanLoaderFound()) {
      refusals.push(`${attempt.label}: no Vulkan loader (${VULKAN_LOADER}) on this machine`);
      continue;
    }
    for (const [k, v] of Object.entries(attempt.env ?? {})) if (process.env[k] === undefined) process.env[k] = v;
    const gpu = create(attempt.flags);
    const adapter = await gpu.requestAdapter(attempt.options);
    if (!adapter) {
      refusals.push(`${attempt.label}: no adapter`);
      continue;
    }
    if (isSoftwareAdapter(adapter) && !allowSoftware) {
      refusals.push(`${attempt.label}: software adapter ${describeAdapter(adapter)} (set MLPIPE_WEBGPU_ALLOW_SOFTWARE=1 to use it)`);
      continue;
    }
    return { gpu, adapter };
  }
  throw new Error(`WebGPU: ${refusals.join('; ')}`);
}

/**
 * Finds an adapter, registers the tfjs `webgpu` backend on it (loaded models predict there), and
 * returns the adapter's description. Software adapters are refused unless `allowSoftware` (tests
 * use llvmpipe).
 */
export async function probeWebGpu(allowSoftware: boolean): Promise<string> {
  const { gpu, adapter } = await findAdapter(allowSoftware);
  setNavigatorGpu(gpu);
  const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as typeof import('@tensorflow/tfjs-backend-webgpu');
  const limits = adapter.limits;
  // The same limits tfjs's own factory asks for: the adapter's maxima.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  const info = adapter.info as ConstructorParameters<typeof WebGPUBackend>[1];
  tf.registerBackend('webgpu', () => new WebGPUBackend(device as GPUDevice, info), 0);
  return describeAdapter(adapter);
}

function setNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator) {
    // Node 21+ has a read-only navigator object; define the property on it.
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
}
