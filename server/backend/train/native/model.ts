/** A network on the `wasm` engine behind the plain-array TrainedModel interface. */
import type { BackendName } from '../backends.js';
import { checkMatrix } from '../validate.js';
import type { EpochEvent, ModelSpec, TrainedModel, WeightsSnapshot } from '../types.js';
import { NativeNetwork } from './dense.js';

/** Rows per forward pass of a network made for prediction (a loaded model). */
export const PREDICT_CAPACITY = 4096;

export class NativeModel implements TrainedModel {
  private network: NativeNetwork | undefined;
  readonly spec: ModelSpec;

  constructor(
    network: NativeNetwork,
    readonly backend: BackendName,
    readonly seed: number,
    readonly history: EpochEvent[],
  ) {
    this.network = network;
    this.spec = network.spec;
  }

  static fromWeights(spec: ModelSpec, snapshot: WeightsSnapshot, backend: BackendName, seed: number, history: EpochEvent[]): NativeModel {
    return new NativeModel(NativeNetwork.fromWeights(spec, snapshot.data, PREDICT_CAPACITY), backend, seed, history);
  }

  private alive(): NativeNetwork {
    if (!this.network) throw new Error('this model was disposed');
    return this.network;
  }

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    const net = this.alive();
    checkMatrix('x', x, rows, net.spec.inputs);
    const width = net.spec.head === 'softmax' ? net.spec.classes : 1;
    const out = new Float32Array(rows * width);
    for (let start = 0; start < rows; start += net.capacity) {
      const n = Math.min(net.capacity, rows - start);
      net.setRows(x, start, n);
      out.set(net.predict(n), start * width);
    }
    return out;
  }

  async weights(): Promise<WeightsSnapshot> {
    const net = this.alive();
    return { specs: net.specs.map((w) => ({ ...w, shape: [...w.shape] })), data: Float32Array.from(net.weights) };
  }

  dispose(): void {
    // The memory is garbage collected with the network.
    this.network = undefined;
  }
}
