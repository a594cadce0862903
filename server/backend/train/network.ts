/**
 * The dense network as plain tfjs variables: one forward function serves training, prediction
 * and a model loaded from disk, so a served model computes exactly what was trained.
 *
 * The matrix products carry a hand-written gradient. On the WASM backend a product with a
 * transposed operand is about 4x slower than a plain one (measured: 1.3 ms vs 0.3 ms for
 * 512x64 by 64x32), so there the gradient transposes explicitly first; and the first layer
 * skips the gradient with respect to the input data, which nothing needs.
 *
 * All weights live in one flat variable (in storage order) and each layer reads a slice of it.
 * The optimizer then updates one tensor per step instead of two per layer: tfjs's per-op cost
 * dominates at this size, and Adam on six small tensors was about half of a training step.
 */
import * as tf from '@tensorflow/tfjs';
import { initialWeights } from './init.js';
import { sizeOf, weightSpecs } from './specs.js';
import type { LayerSpec, ModelSpec, WeightSpec, WeightsSnapshot } from './types.js';

export { sizeOf, weightSpecs };

interface Dense {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

function activate(z: tf.Tensor2D, activation: LayerSpec['activation']): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'elu':
      return tf.elu(z);
    case 'gelu':
      // The exact form, x * Phi(x), with the error function.
      return tf.mul(tf.mul(z, 0.5), tf.add(tf.erf(tf.mul(z, Math.SQRT1_2)), 1));
    case 'linear':
      return z;
  }
}

/**
 * tf.customGrad with typed inputs. Tensors the gradient needs must go through `save`: tfjs
 * disposes the forward pass's intermediates before the backward pass runs, and keeps only those.
 */
function customGrad<A extends tf.Tensor[]>(
  f: (save: tf.GradSaveFunc, ...inputs: A) => { value: tf.Tensor2D; gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.Tensor[] },
): (...inputs: A) => tf.Tensor2D {
  type Loose = Parameters<typeof tf.customGrad>[0];
  const wrapped = (...args: unknown[]) => f(args[args.length - 1] as tf.GradSaveFunc, ...(args.slice(0, -1) as A));
  return tf.customGrad(wrapped as unknown as Loose) as unknown as (...inputs: A) => tf.Tensor2D;
}


export class Network {
  private readonly explicitTranspose: boolean;
  readonly specs: WeightSpec[];

  private constructor(
    readonly spec: ModelSpec,
    /** Every weight, concatenated in `specs` order, each row-major. */
    readonly theta: tf.Variable<tf.Rank.R1>,
  ) {
    this.explicitTranspose = tf.getBackend() === 'wasm';
    this.specs = weightSpecs(spec);
  }

  /** The shared initial weights (./init.ts). */
  static init(spec: ModelSpec, seed: number): Network {
    return Network.fromWeights(spec, { specs: weightSpecs(spec), data: initialWeights(spec, seed) });
  }

  static fromWeights(spec: ModelSpec, snapshot: WeightsSnapshot): Network {
    const theta = tf.tensor1d(snapshot.data, 'float32');
    const network = new Network(spec, tf.variable(theta));
    theta.dispose();
    return network;
  }

  /** The weights as tensors shaped for the layers: slices of theta. */
  params(): tf.Tensor[] {
    let offset = 0;
    return this.specs.map((w) => {
      const n = sizeOf(w.shape);
      const t = tf.reshape(tf.slice(this.theta, offset, n), w.shape);
      offset += n;
      return t;
    });
  }

  private product(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
    if (!this.explicitTranspose) return tf.matMul(a, b, transposeA, transposeB);
    return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
  }

  private dense(x: tf.Tensor2D, layer: Dense, first: boolean): tf.Tensor2D {
    if (first) {
      const f = customGrad((save, w: tf.Tensor2D, b: tf.Tensor1D) => {
        save([x]);
        return {
          value: tf.add(tf.matMul(x, w), b),
          gradFunc: (dy, [sx]) => [this.product(sx as tf.Tensor2D, dy, true, false), tf.sum(dy, 0)],
        };
      });
      return f(layer.kernel, layer.bias);
    }
    const f = customGrad((save, input: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => {
      save([input, w]);
      return {
        value: tf.add(tf.matMul(input, w), b),
        gradFunc: (dy, [sx, sw]) => [
          this.product(dy, sw as tf.Tensor2D, false, true),
          this.product(sx as tf.Tensor2D, dy, true, false),
          tf.sum(dy, 0),
        ],
      };
    });
    return f(x, layer.kernel, layer.bias);
  }

  /** The last layer's output (logits for classification, values for regression), from `params`. */
  forward(x: tf.Tensor2D, params: tf.Tensor[] = this.params()): tf.Tensor2D {
    let h = x;
    this.spec.layers.forEach((layer, i) => {
      const dense = { kernel: params[2 * i] as tf.Tensor2D, bias: params[2 * i + 1] as tf.Tensor1D };
      h = activate(this.dense(h, dense, i === 0), layer.activation);
    });
    return h;
  }

  /** What predict() returns: probabilities (sigmoid / softmax) or values. */
  outputs(x: tf.Tensor2D): tf.Tensor {
    const z = this.forward(x);
    switch (this.spec.head) {
      case 'sigmoid':
        return tf.reshape(tf.sigmoid(z), [-1]);
      case 'softmax':
        return tf.softmax(z);
      case 'identity':
        return tf.reshape(z, [-1]);
    }
  }

  async snapshot(): Promise<WeightsSnapshot> {
    const data = Float32Array.from((await this.theta.data()) as Float32Array);
    return { specs: this.specs.map((w) => ({ ...w, shape: [...w.shape] })), data };
  }

  dispose(): void {
    this.theta.dispose();
  }
}
