/**
 * WebGPU in Node through Dawn (the `webgpu` package), registered as tfjs's `webgpu` backend with a
 * device we create ourselves: tfjs's own factory cannot ask for the compatibility feature level
 * that the OpenGL ES fallback needs. Facts that shaped this file: tfjs-backend-webgpu looks for
 * `navigator.gpu` when it is imported; Debian's lavapipe gives Dawn no Vulkan adapter, while
 * Dawn's OpenGL ES backend over llvmpipe works (surfaceless EGL, compatibility feature level).
 */
import * as tf from '@tensorflow/tfjs';

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software rasterizer/i;

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  limits: Record<string, number>;
  features: Set<string>;
  requestDevice(d?: unknown): Promise<unknown>;
}
interface GpuLike {
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

/**
 * Finds an adapter, registers the tfjs `webgpu` backend on it, and returns the adapter's
 * description. Software adapters are refused unless `allowSoftware` (tests use llvmpipe).
 */
export async function probeWebGpu(allowSoftware: boolean): Promise<string> {
  const { create, globals } = (await importModule('webgpu')) as { create(flags: string[]): GpuLike; globals: object };
  // tfjs-backend-webgpu reads GPUBufferUsage and friends as globals, as in a browser.
  for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
  const refusals: string[] = [];
  let chosen: { gpu: GpuLike; adapter: AdapterLike } | undefined;
  for (const attempt of allowSoftware ? [HARDWARE, GLES] : [HARDWARE]) {
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
    chosen = { gpu, adapter };
    break;
  }
  if (!chosen) throw new Error(`WebGPU: ${refusals.join('; ')}`);
  const { gpu, adapter } = chosen;
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
