import { openStore } from '../tracking/store.js';
import { PipelineError } from './errors.js';
import { findProjectRoot } from './projectRoot.js';
import { runPipeline, type RunResult } from './run.js';
import type { EpochEvent } from '../train/index.js';

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
  opts: { root?: string; onEpoch?: (e: EpochEvent) => void; onStage?: (m: string) => void } = {},
): Promise<ReproduceResult> {
  const root = opts.root ?? findProjectRoot(process.cwd());
  const store = openStore(root);
  const original = store.getRun(runId);
  store.close();
  if (!original) throw new PipelineError(`no run '${runId}' in ${root}/.mlpipe (list runs with \`mlpipe runs\`)`);
  if (original.status !== 'completed' || !original.weightsHash)
    throw new PipelineError(`run ${runId} is ${original.status}: only a completed run can be reproduced`);
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
