/**
 * Builds and saves a run's drift reference at training time: the training split's values of
 * every model input, of each inner feature a `drift` line names, and of the prediction (scored
 * by the serving forward pass, so reference and traffic are the same function's output).
 */
import type { Binding } from '../../mlpipe/binder.js';
import { compilePlan, planInputOf, transformBatch, type EngineData, type FeaturePlan, type FittedState } from '../../mlpipe/features/index.js';
import { monitorDriftLines } from '../../mlpipe/served.js';
import { interruptionPoint, predictInSlices } from '../interruptible.js';
import { DenseForward } from '../serve/forward.js';
import type { TrainedModel, TrainTask } from '../train/index.js';
import { buildReference, writeReference, type ReferenceFile } from './reference.js';
import { featureReader, PREDICTION, predictionColumn, predictionKind, type MonitoredValue } from './values.js';

export interface TrainingReferenceInput {
  dir: string;
  binding: Binding;
  modelName: string;
  plan: FeaturePlan;
  state: FittedState;
  data: EngineData;
  /** Training split rows of the primary table, and their model inputs (row-major). */
  rows: number[];
  x: Float32Array;
  model: TrainedModel;
  task: TrainTask;
  labels?: string[];
  /** Stops the reference's predictions (an interrupted run). */
  signal?: AbortSignal;
}

export async function saveTrainingReference(t: TrainingReferenceInput): Promise<ReferenceFile> {
  const reader = featureReader(t.plan, t.state);
  const n = t.rows.length;
  const forward = new DenseForward(t.model.spec, await t.model.weights());
  const pause = interruptionPoint(t.signal, 'while building the drift reference');
  const out = await predictInSlices((x, rows) => forward.predict(x, rows), t.x, n, t.model.spec.inputs, pause);
  const inputs = new Set(reader.features);
  const innerNames = monitorDriftLines(t.binding)
    .map((e) => e.target.name)
    // Only features this model computes (its inputs' closure): a drift line on a feature of another
    // model of the file (the served one, when `run --model` trains this one) has no fitted state
    // or loaded column here, and compiling it failed the run after training.
    .filter((name, i, all) => name !== PREDICTION && !inputs.has(name) && t.plan.features.has(name) && all.indexOf(name) === i);
  const names = [...reader.features];
  const kinds = [...reader.kinds];
  const columns: Array<() => ArrayLike<MonitoredValue>> = reader.features.map((_, i) => () => reader.column(t.x, n, i));
  if (innerNames.length) {
    const plan = compilePlan({ ...planInputOf(t.binding, t.modelName), inputs: innerNames });
    const b = transformBatch(plan, t.state, t.data, { rows: t.rows });
    const r = featureReader(plan, t.state);
    names.push(...r.features);
    kinds.push(...r.kinds);
    columns.push(...r.features.map((_, i) => () => r.column(b.x, n, i)));
  }
  names.push(PREDICTION);
  kinds.push(predictionKind(t.task));
  columns.push(() => predictionColumn(t.task, t.labels, out, n, forward.outWidth));
  const reference = buildReference(names, kinds, (k) => columns[k](), n);
  await writeReference(t.dir, reference);
  return reference;
}
