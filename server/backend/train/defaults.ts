/**
 * The training defaults: what a `model` block that leaves an attribute out trains with. The one
 * catalogue of them, read by the trainer, by the runner (which records the settings a run used)
 * and by reproduce; docs/training.md states them.
 */
import type { ModelKind, OptimizerName, TrainInput } from './types.js';

export const TRAIN_DEFAULTS = {
  /** Passes over the training set, raised on a small one (`minSteps`). */
  epochs: 10,
  /**
   * Gradient steps a default run takes at least: a small data set gets more epochs. 10 epochs of
   * 120 rows at batch 32 are 40 steps, too few for any model to learn iris (accuracy 0.53 against
   * scikit-learn's 0.93); a large one keeps its 10 epochs. Measured on scikit-learn's bundled
   * data sets (docs/training.md, Defaults).
   */
  minSteps: 500,
  batchSize: 32,
  /**
   * Adam's step size by kind. A network keeps Keras's 0.001; a linear model (logistic, linear) on
   * standardized inputs needs about 10x that to reach scikit-learn's solution in a few hundred
   * steps (at 0.001 its AUC on a titanic-like set was 0.57 after 30 epochs), and has no hidden
   * layer for a larger step to upset.
   */
  learningRate: { mlp: 0.001, logistic: 0.01, linear: 0.01 } satisfies Record<ModelKind, number>,
  optimizer: 'adam',
  activation: 'relu',
} as const;

/**
 * The defaults every mlpipe before 0.2 trained with (10 epochs whatever the rows, 0.001 for every
 * kind). A run recorded then holds no `environment.training`: reproduce fills these in, so it
 * still retrains with the settings the run had.
 */
export const TRAIN_DEFAULTS_BEFORE_0_2: TrainDefaultsOverride = { epochs: 10, batchSize: 32, learningRate: 0.001 };

/** The settings a training runs with, defaults filled in. Recorded as a run's `environment.training`. */
export interface TrainSettings {
  epochs: number;
  /** Rows per step (never more than the training rows). */
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
}

/** Values that take the place of the catalogue's where an input leaves a setting out (reproduce). */
export type TrainDefaultsOverride = Partial<Pick<TrainSettings, 'epochs' | 'batchSize' | 'learningRate'>>;

export function trainSettings(
  input: Pick<TrainInput, 'kind' | 'rows' | 'epochs' | 'batchSize' | 'learningRate' | 'optimizer'>,
  defaults: TrainDefaultsOverride = {},
): TrainSettings {
  const batchSize = Math.max(1, Math.min(input.batchSize ?? defaults.batchSize ?? TRAIN_DEFAULTS.batchSize, input.rows));
  const stepsPerEpoch = Math.max(1, Math.ceil(input.rows / batchSize));
  return {
    epochs: input.epochs ?? defaults.epochs ?? Math.max(TRAIN_DEFAULTS.epochs, Math.ceil(TRAIN_DEFAULTS.minSteps / stepsPerEpoch)),
    batchSize,
    learningRate: input.learningRate ?? defaults.learningRate ?? TRAIN_DEFAULTS.learningRate[input.kind],
    optimizer: input.optimizer ?? TRAIN_DEFAULTS.optimizer,
  };
}
