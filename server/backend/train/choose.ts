/**
 * `auto` by measurement: on each backend that works here (and, with `deterministic`, makes the
 * bitwise promise), time a few training steps of the actual model at the actual batch size on
 * synthetic rows, and pick the fastest. tfjs's plain JS `cpu` backend is not timed when the
 * wasm engine works: it is never faster (validated by the bench and a test), and timing it costs
 * more than the rest together. A small network is faster on the CPU than on a GPU
 * (per-dispatch overhead dominates), a large one the other way round; no fixed order gets both.
 *
 * The figures are cached per machine and model shape in a JSON file (the run store's), so a
 * pipeline pays the measurement once. The measurement itself is bounded: two warm-up steps, then
 * as many steps as fit in about 100 ms (at most 8); a backend whose warm-up is already three
 * times slower than the best so far is not timed further (a CPU backend after its first step,
 * a GPU after its second, the first one compiling its kernels).
 */
import { cpus, hostname } from 'node:os';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Mulberry32 } from '../../mlpipe/data/prng.js';
import { AUTO_ORDER, DETERMINISTIC, NOT_DETERMINISTIC, NoBackendError, selectBackend, tryBackend, type BackendAttempt, type BackendFacts, type BackendInfo, type BackendName, type BackendRequest, type SelectOptions } from './backends.js';
import { gpuSession } from './gpu/session.js';
import { nativeSession } from './native/session.js';
import type { TrainingSession } from './session.js';
import { tfjsSession } from './tfjsSession.js';
import type { ModelSpec, OptimizerName } from './types.js';

export interface ModelShape {
  spec: ModelSpec;
  batchSize: number;
  optimizer?: OptimizerName;
  /** Threads the wasm engine will train with. */
  threads?: number;
}

export interface ChooseOptions extends SelectOptions {
  /** The model to time; without it `auto` keeps its fixed order. */
  shape?: ModelShape;
  /** Where measurements are cached (JSON); none: measured once per process. */
  cacheFile?: string;
}

export interface StepTiming {
  name: BackendName;
  /** Milliseconds per training step; absent when the backend was cut off after its warm-up. */
  ms?: number;
  note?: string;
}

interface CacheFile {
  format: 'mlpipe-backend-timings/1';
  entries: Record<string, { chosen: BackendName; timings: StepTiming[]; measuredAt: string }>;
}

/** Per process, by cache file and key: a run does not reread the file it just wrote. */
const memory = new Map<string, CacheFile['entries'][string]>();
const TIMED_BUDGET_MS = 100;
const MAX_TIMED_STEPS = 8;

function shapeKey(shape: ModelShape, candidates: Array<BackendFacts>, deterministic: boolean): string {
  const machine = `${hostname()}|${cpus()[0]?.model ?? '?'}|${cpus().length}`;
  const engines = candidates.map((c) => `${c.name}@${c.versions.backend}${c.adapter ? `[${c.adapter}]` : ''}`).join(',');
  const s = shape.spec;
  const model = `${s.task}:${s.inputs}:${s.layers.map((l) => `${l.units}${l.activation}`).join('-')}:b${shape.batchSize}:${shape.optimizer ?? 'adam'}:t${shape.threads ?? 1}`;
  return `${machine}|${engines}|${model}|${deterministic ? 'det' : 'any'}`;
}

function readCache(file: string | undefined): CacheFile {
  const empty: CacheFile = { format: 'mlpipe-backend-timings/1', entries: {} };
  if (!file) return empty;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return parsed?.format === empty.format && typeof parsed.entries === 'object' && parsed.entries ? parsed : empty;
  } catch {
    // Missing or damaged: measure again and rewrite it.
    return empty;
  }
}

function writeCache(file: string | undefined, key: string, entry: CacheFile['entries'][string]): void {
  memory.set(`${file ?? ''}|${key}`, entry);
  if (!file) return;
  try {
    const cache = readCache(file);
    cache.entries[key] = entry;
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, JSON.stringify(cache, null, 1) + '\n');
    renameSync(temp, file);
  } catch {
    // A read-only store only loses the cache; the choice stands.
  }
}

/** Synthetic rows for timing: values do not change the arithmetic's cost. */
function syntheticBatch(spec: ModelSpec, rows: number): { x: Float32Array; y: Float32Array } {
  const rng = new Mulberry32(1);
  const x = Float32Array.from({ length: rows * spec.inputs }, () => rng.float() * 2 - 1);
  const y = Float32Array.from({ length: rows }, (_, r) => (spec.task === 'multiclass' ? r % spec.classes : r % 2));
  return { x, y };
}

async function timeSteps(name: BackendName, kind: 'cpu' | 'gpu', shape: ModelShape, best: number): Promise<StepTiming> {
  const rows = shape.batchSize;
  const { x, y } = syntheticBatch(shape.spec, rows);
  const common = { spec: shape.spec, task: shape.spec.task, x, y, seed: 1, batchSize: rows, optimizer: shape.optimizer ?? 'adam', learningRate: 0.001, backend: name };
  const session: TrainingSession =
    name === 'wasm'
      ? nativeSession({ ...common, threads: shape.threads })
      : name === 'webgpu'
        ? await gpuSession(common)
        : tfjsSession({ ...common, classes: shape.spec.classes, cols: shape.spec.inputs });
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const step = async (k: number): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < k; i++) session.step(order, 0, rows);
    // Reading the loss waits for the device, so asynchronous backends are timed to completion.
    await session.takeLoss();
    return performance.now() - t0;
  };
  try {
    const first = await step(1);
    // A GPU's first step compiles its kernels; a CPU's first step is already its pace.
    if (kind === 'cpu' && first > 3 * best) return { name, note: `first step ${first.toFixed(1)} ms, over 3x the best` };
    const warm = await step(1);
    if (warm > 3 * best) return { name, note: `warm-up step ${warm.toFixed(1)} ms, over 3x the best` };
    const k = Math.max(1, Math.min(MAX_TIMED_STEPS, Math.floor(TIMED_BUDGET_MS / Math.max(warm, 0.01))));
    return { name, ms: (await step(k)) / k };
  } finally {
    session.dispose();
  }
}

function describe(timings: StepTiming[]): string {
  return timings.map((t) => (t.ms === undefined ? `${t.name} ${t.note}` : `${t.name} ${t.ms.toFixed(2)} ms`)).join(', ');
}

/**
 * selectBackend, except that `auto` with a model shape chooses by timing the model on every
 * candidate (or by the cached timing of this machine and shape) and says so in `reason`.
 */
export async function chooseBackend(requested: BackendRequest, options: ChooseOptions = {}): Promise<BackendInfo> {
  const { shape, cacheFile } = options;
  if (requested !== 'auto' || !shape) return selectBackend(requested, options);
  const deterministic = options.deterministic === true;
  const tried: BackendAttempt[] = [];
  const working: BackendFacts[] = [];
  for (const name of AUTO_ORDER) {
    if (deterministic && !DETERMINISTIC[name]) {
      tried.push({ name, ok: false, reason: NOT_DETERMINISTIC });
      continue;
    }
    const facts = await tryBackend(name, tried);
    if (facts) working.push(facts);
  }
  if (working.length === 0) throw new NoBackendError(requested, tried);
  const finish = async (chosen: BackendFacts, reason: string): Promise<BackendInfo> => {
    await tryBackend(chosen.name, []);
    return { ...chosen, tried, reason };
  };
  const promise = deterministic ? ' among the backends that promise bitwise-identical weights (deterministic = true)' : '';
  // The one cost-model rule: tfjs's plain JS backend never beats the wasm engine (20x and more
  // on every shape in bench/train, and checked over whole epochs in test/unit/train/choose.test.ts).
  const dominated = working.some((w) => w.name === 'wasm') ? working.filter((w) => w.name === 'cpu') : [];
  const skipped: StepTiming[] = dominated.map((w) => ({ name: w.name, note: 'not timed (the wasm engine is faster on every shape measured)' }));
  const candidates = working.filter((w) => !dominated.includes(w));
  if (candidates.length === 1) {
    const only = candidates[0];
    return finish(only, `'auto': ${only.name} is the only backend worth timing here${promise}${skipped.length ? `; ${describe(skipped)}` : ''}`);
  }

  const key = shapeKey(shape, candidates, deterministic);
  const cached = memory.get(`${cacheFile ?? ''}|${key}`) ?? readCache(cacheFile).entries[key];
  const known = cached && candidates.find((w) => w.name === cached.chosen);
  if (cached && known) return finish(known, `'auto': fastest for this model on this machine when measured at ${cached.measuredAt}${promise}: ${describe(cached.timings)} a step (cached)`);

  const timings: StepTiming[] = [...skipped];
  let best = Infinity;
  // The CPU engines first: they are quick to time and give the bar the others must beat.
  for (const facts of [...candidates].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'cpu' ? -1 : 1))) {
    await tryBackend(facts.name, []);
    try {
      const t = await timeSteps(facts.name, facts.kind, shape, best);
      timings.push(t);
      if (t.ms !== undefined) best = Math.min(best, t.ms);
    } catch (e) {
      timings.push({ name: facts.name, note: `failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` });
    }
  }
  const fastest = timings.filter((t) => t.ms !== undefined).sort((a, b) => a.ms! - b.ms!)[0];
  if (!fastest) return finish(candidates[0], `'auto': no backend could be timed (${describe(timings)}); took the first that works, ${candidates[0].name}`);
  const chosen = candidates.find((w) => w.name === fastest.name)!;
  const measuredAt = new Date().toISOString();
  writeCache(cacheFile, key, { chosen: chosen.name, timings, measuredAt });
  return finish(chosen, `'auto': ${chosen.name} trains this model fastest here${promise}, measured a step at batch ${shape.batchSize}: ${describe(timings)}`);
}
