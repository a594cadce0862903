/**
 * Chooses the TensorFlow.js backend for this process. tfjs keeps its backend in global state,
 * so each candidate is probed at most once per process and the result is remembered.
 *
 * `auto` tries, in order: CUDA through the optional `@tensorflow/tfjs-node-gpu`, WebGPU through
 * Dawn (`webgpu` package) on a hardware adapter, WASM (mlpipe's own SIMD kernels, ./native/),
 * then plain JS. `wasm` is not a tfjs backend: selecting it leaves tfjs's global state alone. `gpu` takes only the
 * first two and otherwise throws an error that lists every attempt and why it failed.
 */
import * as tf from '@tensorflow/tfjs';
import { probeNativeEngine, nativeEngineVersion } from './native/probe.js';
import { ENGINE_VERSION as GPU_ENGINE_VERSION, gpuContext } from './gpu/device.js';
import { probeWebGpu } from './webgpu.js';
import { BACKEND_ORDER as ORDER, DETERMINISTIC, deterministicProblem, deterministicRequests, type BackendName } from '../../mlpipe/language/backendPromises.js';
import { BACKENDS, type Backend } from '../../mlpipe/language/keywords.js';

/** A `backend` request is the language's keyword; the backends behind each, and their promises, are the language's catalogue. */
export type BackendRequest = Backend;
export type { BackendName };
export { DETERMINISTIC, deterministicRequests };

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  reason?: string;
}

export interface BackendInfo {
  name: BackendName;
  kind: 'gpu' | 'cpu';
  /** Whether this backend promises bitwise-identical weights for the same input and seed on one machine. */
  deterministic: boolean;
  versions: { tfjs: string; backend: string };
  /** The GPU adapter, as the driver describes it. */
  adapter?: string;
  tried: BackendAttempt[];
  /** Why this backend was chosen, in a sentence (recorded with the run). */
  reason: string;
}

export interface SelectOptions {
  /** `deterministic = true`: only backends that promise bitwise-identical weights qualify. */
  deterministic?: boolean;
}

export const BACKEND_REQUESTS: readonly BackendRequest[] = BACKENDS;

/** What a probe learns about a backend that works. */
export type BackendFacts = Omit<BackendInfo, 'tried' | 'reason'>;

export class NoBackendError extends Error {
  constructor(
    readonly requested: BackendRequest,
    readonly tried: BackendAttempt[],
    message?: string,
  ) {
    super(
      message ??
        `no usable backend for '${requested}': ` + tried.map((t) => `${t.name}: ${t.ok ? 'ok' : t.reason ?? 'failed'}`).join('; '),
    );
    this.name = 'NoBackendError';
  }
}

/** Backends that are mlpipe's own engines rather than tfjs backends. */
const NATIVE: ReadonlySet<BackendName> = new Set(['wasm']);

const probes = new Map<BackendName, Promise<BackendFacts>>();
let selected: BackendName | undefined;

// A computed name keeps esbuild from trying to bundle an optional module that is not installed.
const optionalRequire = (name: string): unknown => require(name);

function packageVersion(name: string): string {
  try {
    return (optionalRequire(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function tfjsVersion(): string {
  return tf.version.tfjs;
}

let quieted = false;
function quietTfjs(): void {
  if (quieted) return;
  quieted = true;
  // The only tfjs warnings in Node are advice to install tfjs-node, which cannot install offline.
  tf.enableProdMode();
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
  await smokeTest();
}

/** One tiny computation read back asynchronously: a backend that cannot do this is not usable. */
async function smokeTest(): Promise<void> {
  const t = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).sum());
  const [v] = await t.data();
  t.dispose();
  if (v !== 12) throw new Error(`smoke test computed ${v} instead of 12`);
}

async function probeTensorflow(): Promise<BackendFacts> {
  const pkg = ['@tensorflow', 'tfjs-node-gpu'].join('/');
  try {
    optionalRequire(pkg);
  } catch (e) {
    throw new Error(`${pkg} is not installed (${firstLine(e)})`);
  }
  await activate('tensorflow');
  const binding = (tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } }).binding;
  if (!binding?.isUsingGpuDevice?.()) throw new Error('TensorFlow loaded but found no CUDA GPU');
  return { name: 'tensorflow', kind: 'gpu', deterministic: DETERMINISTIC.tensorflow, versions: { tfjs: tfjsVersion(), backend: packageVersion(pkg) }, adapter: 'CUDA' };
}

async function probeWasm(): Promise<BackendFacts> {
  probeNativeEngine();
  return { name: 'wasm', kind: 'cpu', deterministic: DETERMINISTIC.wasm, versions: { tfjs: tfjsVersion(), backend: nativeEngineVersion() } };
}

async function probeCpu(): Promise<BackendFacts> {
  await activate('cpu');
  return { name: 'cpu', kind: 'cpu', deterministic: DETERMINISTIC.cpu, versions: { tfjs: tfjsVersion(), backend: packageVersion('@tensorflow/tfjs-backend-cpu') } };
}

async function probeWebgpuBackend(): Promise<BackendFacts> {
  const adapter = await probeWebGpu(process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE === '1');
  await activate('webgpu');
  // Training runs on mlpipe's own engine (./gpu/) on its own device; tfjs's serves loaded models.
  await gpuContext();
  return {
    name: 'webgpu',
    kind: 'gpu',
    deterministic: DETERMINISTIC.webgpu,
    versions: { tfjs: tfjsVersion(), backend: `${GPU_ENGINE_VERSION}; tfjs-backend-webgpu ${packageVersion('@tensorflow/tfjs-backend-webgpu')} for loaded models (Dawn: webgpu ${packageVersion('webgpu')})` },
    adapter,
  };
}

const PROBES: Record<BackendName, () => Promise<BackendFacts>> = {
  tensorflow: probeTensorflow,
  webgpu: probeWebgpuBackend,
  wasm: probeWasm,
  cpu: probeCpu,
};

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * Makes the first workable backend of the request the active tfjs backend and says which it is,
 * why, and what was tried. A backend that failed once is not tried again in this process. With
 * `deterministic`, backends that make no bitwise promise are passed over (and named in `tried`);
 * a request that only such backends can serve (`gpu`) is refused without probing.
 */
/**
 * Refuses, before any probe, a request none of whose backends keeps `deterministic = true`
 * (`gpu`): the runner calls it before it reads any data, `selectBackend` again when it chooses.
 */
export function refuseUndeterministic(requested: BackendRequest, deterministic: boolean): void {
  const problem = deterministic ? deterministicProblem(requested) : undefined;
  if (problem) throw new NoBackendError(requested, ORDER[requested].map((name) => ({ name, ok: false, reason: NOT_DETERMINISTIC })), problem);
}

export async function selectBackend(requested: BackendRequest, options: SelectOptions = {}): Promise<BackendInfo> {
  if (!BACKEND_REQUESTS.includes(requested)) {
    throw new RangeError(`unknown backend '${String(requested)}' (expected one of ${BACKEND_REQUESTS.join(', ')})`);
  }
  const deterministic = options.deterministic === true;
  refuseUndeterministic(requested, deterministic);
  quietTfjs();
  const tried: BackendAttempt[] = [];
  for (const name of ORDER[requested]) {
    if (deterministic && !DETERMINISTIC[name]) {
      tried.push({ name, ok: false, reason: NOT_DETERMINISTIC });
      continue;
    }
    const facts = await probeOnce(name, tried);
    if (!facts) continue;
    selected = facts.name;
    return { ...facts, tried, reason: reasonFor(requested, facts, tried, deterministic) };
  }
  throw new NoBackendError(requested, tried);
}

export const NOT_DETERMINISTIC = 'passed over: makes no bitwise-reproducibility promise and deterministic = true';

/** The order `auto` considers backends in. */
export const AUTO_ORDER: readonly BackendName[] = ORDER.auto;

/**
 * Makes one backend (by name, not by request) the active one, probing it first if this process
 * has not; records the attempt in `tried`. Returns its facts, or undefined when it cannot work.
 */
export async function tryBackend(name: BackendName, tried: BackendAttempt[]): Promise<BackendFacts | undefined> {
  quietTfjs();
  const facts = await probeOnce(name, tried);
  if (facts) selected = facts.name;
  return facts;
}

/** Probes a backend (once per process) and makes it active; records the attempt either way. */
async function probeOnce(name: BackendName, tried: BackendAttempt[]): Promise<BackendFacts | undefined> {
  let probe = probes.get(name);
  if (!probe) {
    probe = PROBES[name]();
    probes.set(name, probe);
  }
  try {
    const facts = await probe;
    // Already initialised backends are switched to directly; this is cheap.
    if (!NATIVE.has(name) && tf.getBackend() !== facts.name) await activate(facts.name);
    tried.push({ name, ok: true });
    return facts;
  } catch (e) {
    tried.push({ name, ok: false, reason: firstLine(e) });
    return undefined;
  }
}

function reasonFor(requested: BackendRequest, facts: BackendFacts, tried: BackendAttempt[], deterministic: boolean): string {
  if (requested !== 'auto') return `'${requested}' was requested${deterministic ? `; ${facts.name} promises bitwise-identical weights (deterministic = true)` : ''}`;
  const before = tried.filter((t) => !t.ok).map((t) => `${t.name}: ${t.reason}`);
  const first = deterministic ? 'the first backend that promises bitwise-identical weights (deterministic = true)' : 'the first backend';
  return `'auto': ${facts.name} is ${first} in the order ${ORDER.auto.join(', ')} that works here${before.length ? ` (${before.join('; ')})` : ''}`;
}

/** The backend the last successful selectBackend/useBackend made active; undefined before any. */
export function selectedBackend(): BackendName | undefined {
  return selected;
}

/** Switches back to a backend this process already selected (a model predicts where it was trained). */
export async function useBackend(name: BackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  const probe = probes.get(name);
  if (!probe) throw new Error(`backend ${name} was never selected in this process`);
  await probe;
  if (!NATIVE.has(name)) await activate(name);
  selected = name;
}
