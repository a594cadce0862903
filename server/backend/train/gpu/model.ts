/**
 * The model a GPU session trains: its weights are read back once when training finishes and the
 * model then predicts on the wasm engine (predictions are row-wise and cheap; the device is left
 * free). It reports 'webgpu' as the backend it was trained on.
 */
import type { BackendName } from '../backends.js';
import { NativeModel } from '../native/model.js';
import { weightSpecs } from '../specs.js';
import type { EpochEvent, ModelSpec, TrainedModel, WeightsSnapshot } from '../types.js';

export class GpuTrainedModel implements TrainedModel {
  private readonly model: Promise<NativeModel>;

  constructor(
    readonly spec: ModelSpec,
    weights: Promise<Float32Array>,
    readonly backend: BackendName,
    readonly seed: number,
    readonly history: EpochEvent[],
  ) {
    this.model = weights.then((data) => NativeModel.fromWeights(spec, { specs: weightSpecs(spec), data }, backend, seed, history));
    // Reported when used; never an unhandled rejection when the model is only dropped.
    this.model.catch(() => undefined);
  }

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return (await this.model).predict(x, rows);
  }

  async weights(): Promise<WeightsSnapshot> {
    return (await this.model).weights();
  }

  dispose(): void {
    void this.model.then((m) => m.dispose(), () => undefined);
  }
}
