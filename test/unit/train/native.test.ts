import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type Activation, type TrainTask } from '../../../server/backend/train/index.js';
import { gemmKernel, gemmVariant } from '../../../server/backend/train/native/gemm.js';
import { NativeNetwork } from '../../../server/backend/train/native/dense.js';
import { Network } from '../../../server/backend/train/network.js';
import { lossOf, targetTensor } from '../../../server/backend/train/objective.js';
import { architecture } from '../../../server/backend/train/spec.js';
import { weightSpecs } from '../../../server/backend/train/specs.js';
import { initialWeights } from '../../../server/backend/train/init.js';
import { binaryProblem, multiclassProblem, regressionProblem } from './helpers/synthetic.js';

// The kernel against the plainest float32 loop: the same order of sums, so bitwise equal.
test('the WebAssembly matrix product equals a float32 loop bitwise, for every tile edge, transposed A and each start', () => {
  const k = gemmKernel(1 << 20);
  const fused = gemmVariant() === 'fma';
  assert.ok(160_000 + 40 * 40 < (1 << 20) / 4);
  const f = new Float32Array(k.memory.buffer);
  const A = 0, B = 40_000, C = 80_000, BIAS = 120_000;
  for (const [m, n, kk] of [[7, 13, 5], [9, 12, 0], [5, 1, 3], [33, 20, 17], [4, 8, 64]]) {
    for (const transposed of [false, true]) {
      for (const init of [0, 1, 2] as const) {
        for (let i = 0; i < m * kk; i++) f[A + i] = Math.fround(Math.sin(i + 0.3));
        for (let i = 0; i < kk * n; i++) f[B + i] = Math.fround(Math.cos(i * 1.3));
        for (let j = 0; j < n; j++) f[BIAS + j] = Math.fround(j * 0.25 - 1);
        for (let i = 0; i < m * n; i++) f[C + i] = Math.fround(i * 0.01);
        const expected = new Float32Array(m * n);
        for (let r = 0; r < m; r++)
          for (let j = 0; j < n; j++) {
            let s = init === 0 ? 0 : init === 1 ? f[C + r * n + j] : f[BIAS + j];
            for (let t = 0; t < kk; t++) {
              // A float32 product is exact in float64, so the fused form rounds once, here.
              const product = f[A + (transposed ? t * m + r : r * kk + t)] * f[B + t * n + j];
              s = Math.fround(s + (fused ? product : Math.fround(product)));
            }
            expected[r * n + j] = s;
          }
        const old = f.slice(C, C + m * n);
        k.gemm(m, n, kk, A * 4, transposed ? 1 : kk, transposed ? m : 1, B * 4, n, C * 4, n, init, BIAS * 4, 0, 0);
        assert.deepEqual(f.slice(C, C + m * n), expected, `${m}x${n}x${kk} transposed=${transposed} init=${init}`);
        // The fused steps: ReLU, and the mask of ReLU's backward pass (here by the old C as mask).
        f.set(old, C);
        k.gemm(m, n, kk, A * 4, transposed ? 1 : kk, transposed ? m : 1, B * 4, n, C * 4, n, init, BIAS * 4, 1, 0);
        assert.deepEqual(f.slice(C, C + m * n), expected.map((v) => Math.max(v, 0)), `relu ${m}x${n}x${kk}`);
        const maskAt = 160_000;
        for (let i = 0; i < m * n; i++) f[maskAt + i] = (i % 3) - 1;
        f.set(old, C);
        k.gemm(m, n, kk, A * 4, transposed ? 1 : kk, transposed ? m : 1, B * 4, n, C * 4, n, init, BIAS * 4, 2, maskAt * 4);
        assert.deepEqual(f.slice(C, C + m * n), expected.map((v, i) => (f[maskAt + i] > 0 ? v : 0)), `mask ${m}x${n}x${kk}`);
      }
    }
  }
});

const problems = { binary: binaryProblem(70, 5, 8), multiclass: multiclassProblem(70, 5, 8), regression: regressionProblem(70, 5, 8) };

// The engine's hand-written backward pass against tfjs's autodiff of the same network and loss.
for (const task of ['binary', 'multiclass', 'regression'] as TrainTask[]) {
  for (const activation of ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'] as Activation[]) {
    test(`${task}, ${activation}: the wasm engine's loss and gradient match tfjs autodiff`, async () => {
      await selectBackend('cpu');
      const p = problems[task];
      const classes = task === 'multiclass' ? 3 : undefined;
      const spec = architecture({ ...p, task, classes, kind: 'mlp', layers: [9, 6], activation });
      const weights = initialWeights(spec, 5);
      // Non-zero biases, so their gradients and the bias start of the kernel are exercised.
      for (let i = 0; i < weights.length; i++) if (weights[i] === 0) weights[i] = Math.fround(((i % 7) - 3) * 0.05);
      const native = NativeNetwork.fromWeights(spec, weights, 128);
      native.setRows(p.x, 0, p.rows);
      const nativeLoss = native.lossAndGradient(task, p.y, p.rows) / p.rows;
      const nativeGrad = Float32Array.from(native.gradient);

      const net = Network.fromWeights(spec, { specs: weightSpecs(spec), data: weights });
      const x = tf.tensor2d(p.x, [p.rows, p.cols]);
      const y = targetTensor(task, p.y, classes ?? 2);
      const { value, grads } = tf.valueAndGrads((...params: tf.Tensor[]) => lossOf(task, y, net.forward(x, params)))(net.params());
      const reference = new Float32Array(await tf.concat(grads.map((g) => tf.reshape(g, [-1]))).data());
      const referenceLoss = (await value.data())[0];
      net.dispose();

      assert.ok(Math.abs(nativeLoss - referenceLoss) <= 1e-5 * Math.max(1, Math.abs(referenceLoss)), `loss ${nativeLoss} vs ${referenceLoss}`);
      const scale = Math.max(...Array.from(reference, Math.abs), 1e-6);
      for (let i = 0; i < reference.length; i++) assert.ok(Math.abs(nativeGrad[i] - reference[i]) <= 2e-5 * scale, `gradient ${i}: ${nativeGrad[i]} vs ${reference[i]} (scale ${scale})`);
    });
  }
}

// Both engines start from the same weights (init.ts) and visit rows in the same order, so their
// loss curves agree to float32 rounding; the weights drift apart only by accumulated rounding.
test('the wasm engine and tfjs cpu learn the same loss curve from the same seed', async () => {
  const { train } = await import('../../../server/backend/train/index.js');
  const p = binaryProblem(600, 6, 21);
  const curve = async (backend: 'cpu' | 'wasm') => {
    await selectBackend(backend);
    const losses: number[] = [];
    const model = await train({ ...p, task: 'binary', kind: 'mlp', layers: [16, 8], epochs: 4, batchSize: 64, learningRate: 0.01, seed: 3 }, (e) => losses.push(e.loss));
    const w = (await model.weights()).data;
    model.dispose();
    return { losses, w };
  };
  const cpu = await curve('cpu');
  const wasm = await curve('wasm');
  for (let e = 0; e < 4; e++) assert.ok(Math.abs(cpu.losses[e] - wasm.losses[e]) <= 1e-4 * cpu.losses[e], `epoch ${e + 1}: cpu ${cpu.losses[e]} vs wasm ${wasm.losses[e]}`);
  for (let i = 0; i < cpu.w.length; i++) assert.ok(Math.abs(cpu.w[i] - wasm.w[i]) <= 1e-3, `weight ${i}: ${cpu.w[i]} vs ${wasm.w[i]}`);
});
