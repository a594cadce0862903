/** What the training loop needs from an engine: one optimizer step per batch, losses, the model. */
import type { EpochEvent, TrainedModel } from './types.js';

export interface TrainingSession {
  /** One optimizer step on the rows order[start .. start + n). */
  step(order: Int32Array, start: number, n: number): void;
  /** The summed training loss of the steps since the last call. */
  takeLoss(): Promise<number>;
  /** Mean loss over a validation set. */
  validationLoss(v: { x: Float32Array; y: Float32Array; rows: number }): Promise<number>;
  /** The trained model (the session is done). */
  finish(history: EpochEvent[]): TrainedModel;
  /** Frees what the session holds after a failure or a cancel. */
  dispose(): void;
}
