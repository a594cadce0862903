import { bind } from '../../mlpipe/binder.js';
import { parse } from '../../mlpipe/index.js';
import { resolveFromPipeline } from '../check/checkDocument.js';
import { sha256File } from '../data/hash.js';
import { openStore } from '../tracking/store.js';
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
  run: RunResult;
}

/**
 * Retrains a recorded run from what the store holds: its pipeline text, data versions (the
 * files must still have those hashes), seeds and backend. The new run records its parent and
 * registers nothing.
 */
export async function reproduceRun(
  runId: string,
  opts: Pick<RunOptions, 'root' | 'onEpoch' | 'onStage' | 'signal' | 'onRunCreated'> = {},
): Promise<ReproduceResult> {
  const root = opts.root ?? findProjectRoot(process.cwd());
  const store = openStore(root);
  const original = store.getRun(runId);
  store.close();
  if (!original) throw new PipelineError(`no run '${runId}' in ${root}/.mlpipe (list runs with 'mlpipe runs')`);
  if (original.status !== 'completed' || !original.weightsHash)
    throw new PipelineError(`run ${runId} is ${original.status}: only a completed run can be reproduced`);
  await assertDataUnchanged(original.pipelinePath, original.pipelineText, original.dataVersions);
  const model = typeof original.params?.model === 'string' ? original.params.model : undefined;
  const run = await runPipeline({
    file: original.pipelinePath,
    text: original.pipelineText,
    root,
    backend: (original.backend ?? 'auto') as never,
    model,
    expectDataVersions: original.dataVersions,
    seeds: { split: original.seeds?.split, model: original.seeds?.model },
    parentRunId: runId,
    register: false,
    onEpoch: opts.onEpoch,
    onStage: opts.onStage,
    signal: opts.signal,
    onRunCreated: opts.onRunCreated,
  });
  return {
    runId,
    newRunId: run.runId,
    identical: run.weightsHash === original.weightsHash,
    weightsHash: run.weightsHash,
    originalWeightsHash: original.weightsHash,
    backend: run.backend,
    run,
  };
}

/** Every source must still hold the bytes the run read: otherwise the retrain would name other data. */
async function assertDataUnchanged(pipelinePath: string, text: string, versions: Record<string, string>): Promise<void> {
  for (const [name, table] of bind(parse(text)).tables) {
    const expected = versions[name];
    if (!expected || !table.source) continue;
    let actual: string;
    try {
      actual = await sha256File(resolveFromPipeline(pipelinePath, table.source));
    } catch {
      throw new PipelineError(`${table.source} (table ${name}) is gone: restore the file this run used (${expected.slice(0, 19)}…) to reproduce it`);
    }
    if (actual !== expected)
      throw new PipelineError(`${table.source} (table ${name}) no longer matches the data this run used (${expected.slice(0, 19)}…, now ${actual.slice(0, 19)}…): restore that version of the file to reproduce it`);
  }
}
