/** A trained (or loaded) network behind the plain-array TrainedModel interface. */
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from './backends.js';
import { Network } from './network.js';
import { checkMatrix } from './validate.js';
import type { EpochEvent, ModelSpec, TrainedModel, WeightsSnapshot } from './types.js';

// Rows per forward pass when predicting: bounds memory on large batch scoring.
const PREDICT_CHUNK = 16384;

export class DenseModel implements TrainedModel {
  private disposed = false;

  constructor(
    private readonly network: Network,
    readonly backend: BackendName,
    readonly seed: number,
    readonly history: EpochEvent[],
  ) {}

  get spec(): ModelSpec {
    return this.network.spec;
  }

  private alive(): void {
    if (this.disposed) throw new Error('this model was disposed');
  }

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    this.alive();
    checkMatrix('x', x, rows, this.spec.inputs);
    await useBackend(this.backend);
    const width = this.spec.head === 'softmax' ? this.spec.classes : 1;
    const out = new Float32Array(rows * width);
    const cols = this.spec.inputs;
    for (let start = 0; start < rows; start += PREDICT_CHUNK) {
      const n = Math.min(PREDICT_CHUNK, rows - start);
      const t = tf.tidy(() => this.network.outputs(tf.tensor2d(x.subarray(start * cols, (start + n) * cols), [n, cols])));
      out.set((await t.data()) as Float32Array, start * width);
      t.dispose();
    }
    return out;
  }

  async weights(): Promise<WeightsSnapshot> {
    this.alive();
    await useBackend(this.backend);
    return this.network.snapshot();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.dispose();
  }
}
