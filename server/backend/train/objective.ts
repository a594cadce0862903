/** Loss per task (computed from logits, the numerically stable form) and the optimizers by name. */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName, TrainTask } from './types.js';

/** Mean loss of a batch; `target` is [n, 1] (binary, regression) or one-hot [n, classes]. */
export function lossOf(task: TrainTask, target: tf.Tensor2D, output: tf.Tensor2D): tf.Scalar {
  switch (task) {
    case 'binary':
      return tf.losses.sigmoidCrossEntropy(target, output, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
    case 'multiclass':
      return tf.losses.softmaxCrossEntropy(target, output, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
    case 'regression':
      return tf.losses.meanSquaredError(target, output, undefined, tf.Reduction.MEAN) as tf.Scalar;
  }
}

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
  }
}

/** Labels as the loss wants them: a column, or one-hot rows for multiclass. */
export function targetTensor(task: TrainTask, y: Float32Array, classes: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (task !== 'multiclass') return tf.tensor2d(y, [y.length, 1]);
    return tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), classes).toFloat() as tf.Tensor2D;
  });
}
