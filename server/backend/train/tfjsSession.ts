/**
 * Training on a TensorFlow.js backend (cpu, webgpu, tensorflow). Batches are gathered in JS into
 * reused buffers and uploaded: on tfjs's WASM backend, tf.gather of 512 rows from a
 * device-resident matrix took 0.7-1.1 ms a batch, the JS copy plus upload 0.05 ms. The loss is
 * summed on the device and read once per epoch, so no step waits for the device.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backends.js';
import { Network } from './network.js';
import { lossOf, makeOptimizer, targetRows, targetTensor } from './objective.js';
import type { TrainingSession } from './session.js';
import { DenseModel } from './trained.js';
import type { ModelSpec, OptimizerName, TrainTask } from './types.js';

// Rows per forward pass when computing the validation loss.
const EVAL_CHUNK = 16384;

export interface TfjsSessionInput {
  spec: ModelSpec;
  task: TrainTask;
  classes: number;
  x: Float32Array;
  y: Float32Array;
  cols: number;
  seed: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  backend: BackendName;
}

async function meanLoss(network: Network, task: TrainTask, x: Float32Array, y: Float32Array, rows: number, classes: number): Promise<number> {
  const cols = network.spec.inputs;
  let total = 0;
  for (let start = 0; start < rows; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, rows - start);
    const t = tf.tidy(() => {
      const target = targetTensor(task, y.subarray(start, start + n), classes);
      return tf.mul(lossOf(task, target, network.forward(tf.tensor2d(x.subarray(start * cols, (start + n) * cols), [n, cols]))), n);
    });
    total += (await t.data())[0];
    t.dispose();
  }
  return total / rows;
}

export function tfjsSession(input: TfjsSessionInput): TrainingSession {
  const { task, classes, cols, batchSize } = input;
  const network = Network.init(input.spec, input.seed);
  const optimizer = makeOptimizer(input.optimizer, input.learningRate);
  const width = task === 'multiclass' ? classes : 1;
  const targets = targetRows(task, input.y, classes);
  const xBatch = new Float32Array(batchSize * cols);
  const yBatch = new Float32Array(batchSize * width);
  let lossSum: tf.Scalar = tf.scalar(0);
  return {
    step(order, start, n) {
      for (let k = 0; k < n; k++) {
        const r = order[start + k];
        xBatch.set(input.x.subarray(r * cols, (r + 1) * cols), k * cols);
        yBatch.set(targets.subarray(r * width, (r + 1) * width), k * width);
      }
      const next = tf.tidy(() => {
        const xb = tf.tensor2d(xBatch.subarray(0, n * cols), [n, cols]);
        const yb = tf.tensor2d(yBatch.subarray(0, n * width), [n, width]);
        // Gradients with respect to the weight slices, concatenated into one for theta.
        const { value, grads } = tf.valueAndGrads((...params: tf.Tensor[]) => lossOf(task, yb, network.forward(xb, params)))(network.params());
        optimizer.applyGradients({ [network.theta.name]: tf.concat(grads.map((g) => tf.reshape(g, [-1]))) });
        return tf.add(lossSum, tf.mul(value, n)) as tf.Scalar;
      });
      lossSum.dispose();
      lossSum = next;
    },
    async takeLoss() {
      const total = (await lossSum.data())[0];
      lossSum.dispose();
      lossSum = tf.scalar(0);
      return total;
    },
    validationLoss(v) {
      return meanLoss(network, task, v.x, v.y, v.rows, classes);
    },
    finish(history) {
      lossSum.dispose();
      optimizer.dispose();
      return new DenseModel(network, input.backend, input.seed, history);
    },
    dispose() {
      lossSum.dispose();
      optimizer.dispose();
      network.dispose();
    },
  };
}
