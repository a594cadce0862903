import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../server/backend/train/index.js';
import { Network } from '../../../server/backend/train/network.js';
import { lossOf } from '../../../server/backend/train/objective.js';
import { architecture } from '../../../server/backend/train/spec.js';
import { binaryProblem } from './helpers/synthetic.js';

// The network's hand-written matrix-product gradients must equal tfjs's own autodiff of the
// plain formula act(x W + b), layer by layer.
for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: hand-written gradients match tfjs autodiff`, async () => {
    await selectBackend(backend);
    const p = binaryProblem(64, 5, 8);
    const spec = architecture({ ...p, task: 'binary', kind: 'mlp', layers: [7, 4], activation: 'tanh' });
    const net = Network.init(spec, 99);
    const x = tf.tensor2d(p.x, [p.rows, p.cols]);
    const y = tf.tensor2d(p.y, [p.rows, 1]);
    const ours = tf.grads((...params: tf.Tensor[]) => lossOf('binary', y, net.forward(x, params)))(net.params());
    const reference = tf.grads((...params: tf.Tensor[]) => {
      let h: tf.Tensor = x;
      for (let i = 0; i < spec.layers.length; i++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, params[2 * i] as tf.Tensor2D), params[2 * i + 1]);
        if (i < spec.layers.length - 1) h = tf.tanh(h);
      }
      return lossOf('binary', y, h as tf.Tensor2D);
    })(net.params());
    assert.equal(ours.length, 6);
    for (let i = 0; i < ours.length; i++) {
      assert.deepEqual(ours[i].shape, reference[i].shape);
      const a = await ours[i].data();
      const b = await reference[i].data();
      const scale = Math.max(...Array.from(b, Math.abs), 1e-6);
      for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - b[k]) <= 1e-5 * scale, `param ${i}[${k}]: ${a[k]} vs ${b[k]}`);
    }
    net.dispose();
  });
}
