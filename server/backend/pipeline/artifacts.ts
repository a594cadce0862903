import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { bind, type Binding } from '../../mlpipe/binder.js';
import { compilePlan, planInputOf, readState, type FeaturePlan, type FittedState } from '../../mlpipe/features/index.js';
import { parse } from '../../mlpipe/index.js';
import { pipelineText } from '../../mlpipe/syntax/fileText.js';
import { json, readArtifact } from '../train/artifactFile.js';
import { assertAsRecorded } from './recordedArtifacts.js';
import { loadModel, MODEL_FILE, saveModel, type TrainedModel, type TrainTask } from '../train/index.js';
import type { ArtifactRecord } from '../../protocol/tracking.js';

/** What a run leaves in `.mlpipe/runs/<id>/` besides the model: enough to serve it without retraining. */
export interface RunMeta {
  format: 'mlpipe-run/1';
  pipelineName: string;
  model: string;
  task: TrainTask;
  labels?: string[];
  target: string;
  primary: string;
  /** Feature output columns in model-input order (`plan=basic`, …). */
  columns: string[];
  /**
   * The primary table's header as training read it: what serving judges a `serve.defaults`
   * entry's column against (runs saved before it have none, and are not judged).
   */
  dataColumns?: string[];
}

const runMetaSchema = z.object({
  format: z.literal('mlpipe-run/1'),
  pipelineName: z.string(),
  model: z.string(),
  task: z.enum(['binary', 'multiclass', 'regression']),
  labels: z.array(z.string()).optional(),
  target: z.string(),
  primary: z.string(),
  columns: z.array(z.string()),
  dataColumns: z.array(z.string()).optional(),
});

/** A run's meta as saved, or what is wrong with it (the first problem, by field). */
function readMeta(value: unknown): RunMeta {
  const r = runMetaSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(`not a run's meta (${issue.path.length ? `'${issue.path.join('.')}': ` : ''}${issue.message})`);
}

export const FILES = { model: 'model', features: 'features.json', meta: 'meta.json', pipeline: 'pipeline.mlpipe' } as const;

export async function saveRunArtifacts(
  dir: string,
  parts: { model: TrainedModel; state: FittedState; meta: RunMeta; pipelineText: string },
): Promise<{ weightsHash: string; files: string[] }> {
  const weightsHash = await saveModel(join(dir, FILES.model), parts.model);
  await writeFile(join(dir, FILES.features), JSON.stringify(parts.state, null, 1));
  await writeFile(join(dir, FILES.meta), JSON.stringify(parts.meta, null, 2));
  await writeFile(join(dir, FILES.pipeline), parts.pipelineText);
  return { weightsHash, files: [FILES.features, FILES.meta, FILES.pipeline] };
}

/**
 * Runs `work`, which writes a run's files into `dir`; a system error it throws without a path
 * (node's failed `write`: `ENOSPC: no space left on device, write`) gets `dir` as its path, so
 * the run's recorded error and the CLI's line say where the disk filled.
 */
export async function inRunFolder<T>(dir: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof Error && typeof err.code === 'string' && typeof err.syscall === 'string' && !err.path) {
      err.path = dir;
      err.message = `${err.message} in '${dir}'`;
    }
    throw e;
  }
}

export interface LoadedRun {
  meta: RunMeta;
  plan: FeaturePlan;
  state: FittedState;
  model: TrainedModel;
  /** The run's own pipeline snapshot, bound: it defines the features. */
  binding: Binding;
}

/**
 * Loads a run's model with the exact feature plan and fitted state it was trained with. Every
 * file goes through `readArtifact`: a damaged one is refused by its path (exit 1). `recorded` is
 * what the store recorded for the run (`Registry.recordedArtifacts`): a file that differs is refused.
 */
export async function loadRunArtifacts(dir: string, recorded: readonly ArtifactRecord[]): Promise<LoadedRun> {
  const meta = await readArtifact(join(dir, FILES.meta), json(readMeta));
  const { binding, plan } = await readArtifact(join(dir, FILES.pipeline), (b) => {
    const binding = bind(parse(pipelineText(b.toString('utf8'))));
    return { binding, plan: compilePlan(planInputOf(binding, meta.model)) };
  });
  const state = await readArtifact(join(dir, FILES.features), json(readState));
  const model = await loadModel(join(dir, FILES.model));
  // After the reads, so a damaged file is still named for what is wrong with it ("not JSON").
  // weights.bin is checked through model.json, which holds its hash.
  try {
    assertAsRecorded(dir, [FILES.meta, FILES.pipeline, FILES.features, join(FILES.model, MODEL_FILE)], recorded);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { meta, plan, state, model, binding };
}
