import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bind } from '../../mlpipe/binder.js';
import { compilePlan, planInputOf, readState, type FeaturePlan, type FittedState } from '../../mlpipe/features/index.js';
import { parse } from '../../mlpipe/index.js';
import { loadModel, saveModel, type TrainedModel, type TrainTask } from '../train/index.js';

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

export interface LoadedRun {
  meta: RunMeta;
  plan: FeaturePlan;
  state: FittedState;
  model: TrainedModel;
}

/** Loads a run's model with the exact feature plan and fitted state it was trained with. */
export async function loadRunArtifacts(dir: string): Promise<LoadedRun> {
  const meta = JSON.parse(await readFile(join(dir, FILES.meta), 'utf8')) as RunMeta;
  const text = await readFile(join(dir, FILES.pipeline), 'utf8');
  const plan = compilePlan(planInputOf(bind(parse(text)), meta.model));
  const state = readState(JSON.parse(await readFile(join(dir, FILES.features), 'utf8')));
  const model = await loadModel(join(dir, FILES.model));
  return { meta, plan, state, model };
}
