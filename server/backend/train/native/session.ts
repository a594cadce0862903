/** Training on the `wasm` engine: batches are copied row by row straight into the kernel's memory. */
import type { BackendName } from '../backends.js';
import type { TrainingSession } from '../session.js';
import type { ModelSpec, OptimizerName, TrainTask } from '../types.js';
import { NativeNetwork } from './dense.js';
import { NativeModel } from './model.js';
import { flatOptimizer } from './optimizers.js';

export interface NativeSessionInput {
  spec: ModelSpec;
  task: TrainTask;
  x: Float32Array;
  y: Float32Array;
  seed: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  backend: BackendName;
}

export function nativeSession(input: NativeSessionInput): TrainingSession {
  const net = NativeNetwork.init(input.spec, input.seed, Math.max(input.batchSize, 1024));
  const optimizer = flatOptimizer(input.optimizer, input.learningRate, net.parameters);
  const yBatch = new Float32Array(input.batchSize);
  let lossSum = 0;
  const evaluate = (x: Float32Array, y: Float32Array, rows: number): number => {
    let total = 0;
    for (let start = 0; start < rows; start += net.capacity) {
      const n = Math.min(net.capacity, rows - start);
      net.setRows(x, start, n);
      total += net.loss(input.task, y.subarray(start, start + n), n);
    }
    return total;
  };
  return {
    step(order, start, n) {
      for (let k = 0; k < n; k++) {
        const r = order[start + k];
        net.setRow(k, input.x, r);
        yBatch[k] = input.y[r];
      }
      lossSum += net.lossAndGradient(input.task, yBatch, n);
      optimizer.step(net.weights, net.gradient);
    },
    async takeLoss() {
      const s = lossSum;
      lossSum = 0;
      return s;
    },
    async validationLoss(v) {
      return evaluate(v.x, v.y, v.rows) / v.rows;
    },
    finish(history) {
      return new NativeModel(net, input.backend, input.seed, history);
    },
    dispose() {},
  };
}
