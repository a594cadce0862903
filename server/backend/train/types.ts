/** The training API's types: what the pipeline runner passes in and gets back. No tfjs types leak out. */
import type { BackendName } from './backends.js';

import type { Activation, ModelKind, Optimizer, TrainTask } from '../../mlpipe/language/keywords.js';

// The keyword catalogue's sets, not copies: a kind or optimizer added there reaches the engine's types.
export type { Activation, ModelKind, TrainTask };
export type OptimizerName = Optimizer;

/** Row-major dense data: `x[r * cols + c]`. */
export interface TrainInput {
  x: Float32Array;
  rows: number;
  cols: number;
  /** Binary: 0 or 1. Multiclass: the class index 0..classes-1. Regression: the value. */
  y: Float32Array;
  task: TrainTask;
  /** Number of classes; required for multiclass (>= 3), ignored otherwise. */
  classes?: number;
  kind: ModelKind;
  /** Hidden layer sizes of an mlp (default [64, 32]); ignored by logistic and linear. */
  layers?: number[];
  activation?: Activation;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  optimizer?: OptimizerName;
  /** Initial weights and batch order; drawn (and reported on the model) when absent. */
  seed?: number;
  /** Visit rows in a seeded random order each epoch (default true); false keeps row order. */
  shuffle?: boolean;
  validation?: { x: Float32Array; y: Float32Array; rows: number };
  /**
   * Threads for the `wasm` engine (default 1; other backends ignore it). Each batch is cut into
   * the same fixed shards whatever the count, so the weights do not depend on it.
   */
  threads?: number;
  /** Stops training between batches; train() then rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface EpochEvent {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's rows. */
  loss: number;
  valLoss?: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
}

export interface LayerSpec {
  units: number;
  activation: Activation | 'linear';
}

/** The architecture: enough to rebuild the network from saved weights. */
export interface ModelSpec {
  format: 'mlpipe-dense/1';
  kind: ModelKind;
  task: TrainTask;
  inputs: number;
  /** 2 for binary, the class count for multiclass, 1 for regression. */
  classes: number;
  /** Dense layers in order; the last one gives logits (or values for regression). */
  layers: LayerSpec[];
  /** Applied to the last layer's output by predict(). */
  head: 'sigmoid' | 'softmax' | 'identity';
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface WeightsSnapshot {
  specs: WeightSpec[];
  /** All weights concatenated in spec order, each row-major. */
  data: Float32Array;
}

export interface TrainedModel {
  readonly spec: ModelSpec;
  /** The tfjs backend the model computes on. */
  readonly backend: BackendName;
  /** The seed that was used (given or drawn), so an unseeded run can be repeated. */
  readonly seed: number;
  readonly history: EpochEvent[];
  /**
   * Binary: probability of class 1 per row. Multiclass: row-major class probabilities
   * (rows x classes). Regression: the predicted value per row.
   */
  predict(x: Float32Array, rows: number): Promise<Float32Array>;
  weights(): Promise<WeightsSnapshot>;
  dispose(): void;
}
