import { bind } from '../../mlpipe/binder.js';
import { parse } from '../../mlpipe/index.js';
import { resolveFromPipeline } from '../check/checkDocument.js';
import { HashCache } from '../data/hash.js';
import { sourceVersion } from '../data/versions.js';
import { storeExists } from '../tracking/database.js';
import { runIdHint } from '../tracking/runIdHint.js';
import { openStore, type Store } from '../tracking/store.js';
import { DETERMINISTIC } from '../train/backends.js';
import { TRAIN_DEFAULTS_BEFORE_0_2 } from '../train/defaults.js';
import { BACKENDS, oneOf, type Backend } from '../../mlpipe/language/keywords.js';
import type { RunRecord } from '../../protocol/tracking.js';
import { environmentChanges } from './environmentChanges.js';
import { PipelineError } from './errors.js';
import { findProjectRoot } from './projectRoot.js';
import { runPipeline, type RunOptions, type RunResult } from './run.js';

export interface ReproduceResult {
  runId: string;
  newRunId: string;
  /** True when the retrained weights are bitwise identical to the original run's. */
  identical: boolean;
  weightsHash: string;
  originalWeightsHash: string;
  backend: string;
  /**
   * When the weights differ: what the original run's environment records differently from this
   * one's (its engine, Node or tfjs version), e.g. after an upgrade of mlpipe; empty otherwise.
   */
  changed: string[];
  run: RunResult;
}

/**
 * The backend request that reruns on the backend a run used. A run records the backend it got
 * ('cpu', 'wasm', 'webgpu', 'tensorflow'); the two that are not requests are the GPU ones.
 */
export function backendRequestFor(used: string | null | undefined): Backend {
  if (!used) return 'auto';
  return oneOf(BACKENDS, used) ?? (Object.prototype.hasOwnProperty.call(DETERMINISTIC, used) ? 'gpu' : 'auto');
}

/**
 * Retrains a recorded run from what the store holds: its pipeline text, data versions (the
 * files must still have those hashes), seeds and backend. The new run records its parent and
 * registers nothing.
 */
export async function reproduceRun(
  runId: string,
  opts: Pick<RunOptions, 'root' | 'onEpoch' | 'onStage' | 'signal' | 'onRunCreated' | 'hashes'> = {},
): Promise<ReproduceResult> {
  const root = opts.root ?? findProjectRoot(process.cwd(), { make: false });
  // Where no store is, no run is: said without making a store (and a '.mlpipe/' folder) to say it.
  const { original, startingWith } = storeExists(root)
    ? readStore(root, (s) => {
        const run = s.getRun(runId);
        return { original: run, startingWith: run ? [] : s.runIdsStartingWith(runId) };
      })
    : { original: undefined, startingWith: [] };
  if (!original) throw new PipelineError(`no run '${runId}' in ${root}/.mlpipe${runIdHint(startingWith)} (list runs with 'mlpipe runs')`);
  if (original.status !== 'completed' || !original.weightsHash)
    throw new PipelineError(`run ${runId} is ${original.status}: only a completed run can be reproduced`);
  // One cache for the check here and the run's own check and load: each source is read once.
  const hashes = opts.hashes ?? new HashCache();
  await assertDataUnchanged(original.pipelinePath, original.pipelineText, original.dataVersions, hashes);
  const model = typeof original.params?.model === 'string' ? original.params.model : undefined;
  const run = await runPipeline({
    file: original.pipelinePath,
    text: original.pipelineText,
    root,
    backend: backendRequestFor(original.backend),
    model,
    expectDataVersions: original.dataVersions,
    hashes,
    seeds: { split: original.seeds?.split, model: original.seeds?.model },
    // The run's own settings where its text names none: the defaults may have changed since.
    training: original.environment?.training ?? TRAIN_DEFAULTS_BEFORE_0_2,
    parentRunId: runId,
    register: false,
    onEpoch: opts.onEpoch,
    onStage: opts.onStage,
    signal: opts.signal,
    onRunCreated: opts.onRunCreated,
  });
  const identical = run.weightsHash === original.weightsHash;
  return {
    runId,
    newRunId: run.runId,
    identical,
    weightsHash: run.weightsHash,
    originalWeightsHash: original.weightsHash,
    backend: run.backend,
    changed: identical ? [] : environmentChanges(original.environment, rerunEnvironment(root, run.runId)),
    run,
  };
}

function rerunEnvironment(root: string, runId: string): RunRecord['environment'] {
  return readStore(root, (s) => s.getRun(runId)?.environment);
}

function readStore<T>(root: string, f: (store: Store) => T): T {
  const store = openStore(root);
  try {
    return f(store);
  } finally {
    store.close();
  }
}

/** Every source must still hold the bytes the run read: otherwise the retrain would name other data. */
async function assertDataUnchanged(pipelinePath: string, text: string, versions: Record<string, string>, hashes: HashCache): Promise<void> {
  for (const [name, table] of bind(parse(text)).tables) {
    const expected = Object.hasOwn(versions, name) ? versions[name] : undefined;
    if (!expected || !table.source) continue;
    const version = await sourceVersion(hashes, resolveFromPipeline(pipelinePath, table.source), { source: table.source, table: name }, expected);
    if (version.mismatch) throw new PipelineError(version.mismatch);
  }
}
