/**
 * From the user's model settings to an architecture. `logistic` is one dense layer whose logits
 * go through sigmoid (binary) or softmax (multiclass). `linear` is one dense layer: a value for
 * regression, and on a classification task the same as `logistic` (the only sound reading of a
 * linear classifier that must output probabilities).
 */
import { tooManyWeights } from '../../mlpipe/language/networkSize.js';
import { CLASSIFY_ONLY_KINDS, HIDDEN_LAYER_KINDS } from '../../mlpipe/language/task.js';
import type { ModelSpec, TrainInput } from './types.js';
import { TrainInputError } from './errors.js';

export const DEFAULT_LAYERS = [64, 32];

export function outputsFor(input: Pick<TrainInput, 'task' | 'classes'>): number {
  if (input.task === 'multiclass') return input.classes ?? 0;
  return input.task === 'binary' ? 2 : 1;
}

export function architecture(input: TrainInput): ModelSpec {
  const classes = outputsFor(input);
  const outputUnits = input.task === 'multiclass' ? classes : 1;
  if (input.task === 'regression' && CLASSIFY_ONLY_KINDS.includes(input.kind)) {
    throw new TrainInputError('kind', `a ${input.kind} model needs a classification task, but the task is regression (use kind linear or mlp)`);
  }
  const hidden = HIDDEN_LAYER_KINDS.includes(input.kind) ? input.layers ?? DEFAULT_LAYERS : [];
  for (const [i, units] of hidden.entries()) {
    if (!Number.isInteger(units) || units < 1) throw new TrainInputError('layers', `layer ${i + 1} has ${units} units; expected a positive integer`);
  }
  // Refused here, before any backend allocates: one too large for memory was an internal error.
  const tooLarge = tooManyWeights(hidden, { inputs: input.cols, outputs: outputUnits });
  if (tooLarge) throw new TrainInputError('layers', tooLarge);
  const activation = input.activation ?? 'relu';
  return {
    format: 'mlpipe-dense/1',
    kind: input.kind,
    task: input.task,
    inputs: input.cols,
    classes,
    layers: [...hidden.map((units) => ({ units, activation })), { units: outputUnits, activation: 'linear' as const }],
    head: input.task === 'binary' ? 'sigmoid' : input.task === 'multiclass' ? 'softmax' : 'identity',
  };
}
