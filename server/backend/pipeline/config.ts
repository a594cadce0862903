import { attributesOf, bareName, type Binding, type ModelSymbol } from '../../mlpipe/binder.js';
import type { Requirement } from '../../mlpipe/evaluate/gates.js';
import { ACTIVATIONS, BACKENDS, MODEL_KINDS, oneOf, OPTIMIZERS, REGISTER_STAGES, TASKS, type RegisterStage, type Task } from '../../mlpipe/language/keywords.js';
import { isDeterministic } from '../../mlpipe/language/determinism.js';
import { modelsARunTrains } from '../../mlpipe/language/trainedModels.js';
import { splitConfig, type SplitConfig } from '../../mlpipe/language/splitConfig.js';
import type { Expr } from '../../mlpipe/syntax/ast.js';
import { literalNumber } from '../../mlpipe/syntax/literals.js';
import type { BackendRequest, TrainInput } from '../train/index.js';
import { PipelineError, SeveralModelsError } from './errors.js';

/** Everything a run needs from a checked pipeline, with the spec's defaults filled in. */
export interface RunConfig {
  pipelineName: string;
  model: ModelSymbol;
  /** What the model block sets of the training API's input, and the task it asks for. */
  modelParams: Pick<TrainInput, 'kind' | 'layers' | 'activation' | 'epochs' | 'batchSize' | 'learningRate' | 'optimizer' | 'seed'> & { task?: Task };
  split: SplitConfig;
  requirements: Requirement[];
  compareTo?: string;
  register?: { name: string; stage: RegisterStage };
  environment: { backend: BackendRequest; deterministic: boolean; lockfile?: string };
}

const num = literalNumber;
const word = (e: Expr | undefined): string | undefined => bareName(e)?.name;

/**
 * The model a run trains: `--model NAME`, else (a drift retrain) the one the served registered
 * model's `register` block takes, else the one the first `register` block registers, else the
 * only model.
 */
export function chooseModel(binding: Binding, requested?: string, registeredAs?: string): ModelSymbol {
  if (requested) {
    const m = binding.models.get(requested);
    if (!m) throw new PipelineError(`no model is called '${requested}' (models: ${[...binding.models.keys()].join(', ') || 'none'})`);
    return m;
  }
  // A retrain of a served 'rb' retrains the model 'rb' is registered from, not the file's first
  // registered model (which trained and registered another model than the one that drifted).
  if (registeredAs !== undefined) {
    const served = binding.registered.get(registeredAs)?.from?.name;
    if (served !== undefined && binding.models.has(served)) return binding.models.get(served)!;
    // Served with --model from another pipeline's names: this file's model would be trained and
    // registered under this file's name, never as a version of what drifted.
    if (!binding.registered.has(registeredAs)) {
      throw new PipelineError(`the served '${registeredAs}' is registered by no 'register' block of this pipeline, so a retrain of it cannot make a version of '${registeredAs}': retrain the pipeline that registers it`);
    }
  }
  const trained = modelsARunTrains(
    [...binding.models.keys()],
    [...binding.registered.values()].flatMap((r) => (r.from ? [r.from.name] : [])),
  );
  if (trained.length === 0) throw new PipelineError("the pipeline has no 'model' block to train");
  if (trained.length > 1) throw new SeveralModelsError(trained);
  return binding.models.get(trained[0])!;
}

export function runConfig(binding: Binding, pipelineName: string, requestedModel?: string, registeredAs?: string): RunConfig {
  const model = chooseModel(binding, requestedModel, registeredAs);
  const a = model.attrs;
  const layers = a.get('layers')?.value;
  const modelParams: RunConfig['modelParams'] = {
    kind: oneOf(MODEL_KINDS, word(a.get('kind')?.value)) ?? 'mlp',
    layers: layers?.kind === 'List' ? layers.items.map((i) => num(i)!) : undefined,
    activation: oneOf(ACTIVATIONS, word(a.get('activation')?.value)),
    epochs: num(a.get('epochs')?.value),
    batchSize: num(a.get('batch_size')?.value),
    learningRate: num(a.get('learning_rate')?.value),
    optimizer: oneOf(OPTIMIZERS, word(a.get('optimizer')?.value)),
    seed: num(a.get('seed')?.value),
    task: oneOf(TASKS, word(a.get('task')?.value)),
  };
  const split = splitConfig(binding);
  const evaluate = binding.blocks.get('evaluate')?.[0];
  const requirements: Requirement[] = [];
  for (const e of evaluate?.entries ?? [])
    if (e.kind === 'Require' && num(e.value) !== undefined) requirements.push({ metric: e.metric.name, op: e.op, threshold: num(e.value)! });
  const compareTo = evaluate ? word(attributesOf(evaluate).get('compare_to')?.value) : undefined;
  let register: RunConfig['register'];
  for (const r of binding.registered.values())
    if (r.from?.name === model.name) {
      register = { name: r.name, stage: oneOf(REGISTER_STAGES, word(r.attrs.get('stage')?.value)) ?? 'staging' };
      break;
    }
  const env = binding.blocks.get('environment')?.[0];
  const e = env ? attributesOf(env) : new Map();
  const lock = e.get('lockfile')?.value;
  return {
    pipelineName,
    model,
    modelParams,
    split,
    requirements,
    compareTo,
    register,
    environment: {
      backend: oneOf(BACKENDS, word(e.get('backend')?.value)) ?? 'auto',
      deterministic: isDeterministic(binding),
      lockfile: lock?.kind === 'String' ? lock.value : undefined,
    },
  };
}
