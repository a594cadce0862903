/**
 * Every fixed vocabulary of the language, stated once as `as const` arrays with their types
 * derived from them. The block catalogue, the checker, the runner, the feature engine, the
 * registry and completion read these; a second list of the same words is a bug.
 */

export const MODEL_KINDS = ['mlp', 'logistic', 'linear'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];

/**
 * The name `drift` lines, drift reports and parity give the served model's output. A feature may
 * not take it (`duplicate-definition`): its reference profile and reports would be the model's.
 */
export const PREDICTION_TARGET = 'prediction';

/** The one task vocabulary: what a model learns (`task =`), and the family of a metric. */
export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

/** Registry stages; a `register` block may name the first two, `compare_to` any. */
/** What the training engine is asked to learn (the language's 'classification' splits by class count). */
export const TRAIN_TASKS = ['binary', 'multiclass', 'regression'] as const;
export type TrainTask = (typeof TRAIN_TASKS)[number];

export const STAGES = ['staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];
export const REGISTER_STAGES = ['staging', 'production'] as const satisfies readonly Stage[];
export type RegisterStage = (typeof REGISTER_STAGES)[number];

export const BACKENDS = ['auto', 'gpu', 'cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export const SPLIT_ORDERS = ['random', 'time'] as const;
export type SplitOrder = (typeof SPLIT_ORDERS)[number];

export const ON_DRIFT = ['retrain', 'alert'] as const;
export type OnDrift = (typeof ON_DRIFT)[number];

export const REFERENCES = ['training'] as const;
export type Reference = (typeof REFERENCES)[number];

/** Which rows a fitted transform learns from. */
export const FIT_SCOPES = ['train', 'all'] as const;
export type FitScope = (typeof FIT_SCOPES)[number];

export const DATA_FORMATS = ['csv', 'parquet'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Drift statistic names: their meaning and direction live in the drift catalogue. */
export { DRIFT_STATISTICS as DRIFT_STATISTIC_NAMES, type DriftStatistic as DriftStatisticName } from '../drift/catalogue.js';

/**
 * The blocks a file holds at its top level (`defaults` lives inside `serve`): the block
 * catalogue (`blocks.ts`) reads them, and so does the parser, which this module keeps free of
 * the catalogue's imports (the CodeLens bundle holds the parser alone).
 */
export const TOP_LEVEL_BLOCKS = ['data', 'split', 'model', 'evaluate', 'register', 'serve', 'monitor', 'environment'];

/** Narrows a word to a vocabulary: `oneOf(BACKENDS, w)` is `Backend | undefined`. */
export function oneOf<T extends string>(words: readonly T[], word: string | undefined): T | undefined {
  return word !== undefined && (words as readonly string[]).includes(word) ? (word as T) : undefined;
}
