/**
 * Each kernel of the WebGPU engine against a plain JS reference (the wasm engine's own element-wise
 * functions where it has them), on shapes that are not multiples of the workgroup size (64) and
 * batches smaller than the capacity. The sums are float32 on the device and float64 here, so a
 * value may differ by float32 rounding of its sum: about 2^-24 per term of the sum's absolute
 * magnitude; the tolerance is 1e-5 of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { activate, backActivate } from '../../../server/backend/train/native/activations.js';
import { lossAndGradient } from '../../../server/backend/train/native/loss.js';
import { flatOptimizer } from '../../../server/backend/train/native/optimizers.js';
import { forwardKernel } from '../../../server/backend/train/gpu/kernels/forward.js';
import { gatherKernel } from '../../../server/backend/train/gpu/kernels/gather.js';
import { inputGradientKernel, weightGradientKernel } from '../../../server/backend/train/gpu/kernels/backward.js';
import { lossKernel, lossSumKernel } from '../../../server/backend/train/gpu/kernels/loss.js';
import { optimizerKernel } from '../../../server/backend/train/gpu/kernels/optimizer.js';
import { gradientBufferOf, layoutOf } from '../../../server/backend/train/gpu/layout.js';
import { WORKGROUP, workgroups } from '../../../server/backend/train/gpu/kernels/kernel.js';
import { stepKernels } from '../../../server/backend/train/gpu/network.js';
import type { Activation, OptimizerName, TrainTask } from '../../../server/backend/train/types.js';
import { assertClose, deviceOrSkip, kernelRig, randoms, specOf } from './gpuHelpers.js';

const SUM = { atol: 1e-6, rtol: 1e-5 };
const ACTIVATIONS: Array<Activation | 'linear'> = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'linear'];

// Dawn's OpenGL ES backend (the compatibility feature level) allows 4 storage buffers per stage
// and 128 invocations per workgroup by default; the engine asks for no more. No device needed.
test('every kernel of a step fits the compatibility level: at most 4 storage buffers, workgroups of at most 128', () => {
  assert.ok(WORKGROUP <= 128);
  for (const task of ['binary', 'multiclass', 'regression'] as TrainTask[])
    for (const optimizer of ['adam', 'sgd', 'rmsprop', 'adagrad'] as OptimizerName[]) {
      const spec = specOf(task, 20, [{ units: 64, activation: 'relu' }, { units: 32, activation: 'gelu' }, { units: task === 'multiclass' ? 4 : 1, activation: 'linear' }]);
      const kernels = stepKernels(layoutOf(spec, 512, 1), optimizer, 0.001);
      // gather, 3 forward, loss, loss sum, 3 weight and 2 input gradients, the optimizer.
      assert.equal(kernels.length, 12);
      for (const k of kernels) assert.ok(k.bindings.length <= 4, `${k.label}: ${k.bindings.length} storage buffers`);
    }
  // Past 65535 workgroups in x, the launch spills into y (and each kernel guards its range).
  assert.deepEqual(workgroups(64 * 65535 + 1, 65535), [65535, 2]);
  assert.deepEqual(workgroups(100, 65535), [2, 1]);
});

test('gather: the batch rows and labels by the order, from a start inside it', async (t) => {
  const device = await deviceOrSkip(t);
  if (!device) return;
  const rng = new Mulberry32(5);
  const [rows, cols, capacity, n, start] = [101, 7, 37, 29, 13];
  const rig = await kernelRig(device, specOf('binary', cols, [{ units: 1, activation: 'linear' }]), capacity, (l) => [gatherKernel(l)], rows);
  const x = randoms(rng, rows * cols);
  const y = randoms(rng, rows);
  const order = Uint32Array.from({ length: rows }, (_, i) => (i * 37) % rows);
  rig.net.write('x', 0, x);
  rig.net.write('y', 0, y);
  rig.net.write('order', 0, order);
  await rig.run(n, { start });
  const xb = await rig.net.read('work', rig.layout.xb, n * cols);
  const yb = await rig.net.read('work', rig.layout.yb, n);
  for (let r = 0; r < n; r++) {
    const row = order[start + r];
    assert.deepEqual(Array.from(xb.subarray(r * cols, (r + 1) * cols)), Array.from(x.subarray(row * cols, (row + 1) * cols)));
    assert.equal(yb[r], y[row]);
  }
  rig.net.destroy();
});

test('forward: bias + input . W and the activation, every activation, odd shapes', async (t) => {
  const device = await deviceOrSkip(t);
  if (!device) return;
  const rng = new Mulberry32(11);
  for (const [i, activation] of ACTIVATIONS.entries()) {
    const inputs = 1 + rng.int(70);
    const units = 1 + rng.int(90);
    const capacity = 1 + rng.int(80);
    const n = i === 0 ? capacity : 1 + rng.int(capacity);
    const rig = await kernelRig(device, specOf('regression', inputs, [{ units, activation }]), capacity, (l) => [forwardKernel(l, 0)]);
    const L = rig.layout.layers[0];
    const x = randoms(rng, capacity * inputs, 2);
    const theta = randoms(rng, rig.layout.parameters);
    rig.net.write('work', L.input, x);
    rig.net.write('state', 0, theta);
    await rig.run(n);
    const z = await rig.net.read('work', L.z, n * units);
    const h = await rig.net.read('work', L.h, n * units);
    const want = new Float32Array(n * units);
    const magnitude = new Float64Array(n * units);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < units; j++) {
        let s = theta[L.kernel + inputs * units + j];
        let m = Math.abs(s);
        for (let k = 0; k < inputs; k++) {
          const term = x[r * inputs + k] * theta[L.kernel + k * units + j];
          s += term;
          m += Math.abs(term);
        }
        want[r * units + j] = s;
        magnitude[r * units + j] = m;
      }
    assertClose(z, want, `${activation} ${n}x${inputs}.${inputs}x${units} z`, SUM, magnitude);
    // The activation of the device's own z, so only the activation's error is measured.
    const wantH = new Float32Array(n * units);
    activate(activation, z, wantH, n * units);
    assertClose(h, activation === 'linear' ? z : wantH, `${activation} h`, { atol: 2e-6, rtol: 1e-5 });
    rig.net.destroy();
  }
});

for (const task of ['binary', 'regression', 'multiclass'] as TrainTask[]) {
  test(`loss (${task}): per-row loss summed in order, and dLoss/dz of the batch mean`, async (t) => {
    const device = await deviceOrSkip(t);
    if (!device) return;
    const rng = new Mulberry32(task.length);
    const width = task === 'multiclass' ? 5 : 1;
    const [capacity, n] = [97, 83];
    const rig = await kernelRig(device, specOf(task, 3, [{ units: width, activation: 'linear' }]), capacity, (l) => [lossKernel(l), lossSumKernel(l)]);
    const L = rig.layout.layers[0];
    // Logits up to +-30 reach the stable forms' far ends (exp(-|x|) below float32's epsilon).
    const z = randoms(rng, capacity * width, 30);
    const y = Float32Array.from({ length: capacity }, () => (task === 'multiclass' ? rng.int(width) : task === 'binary' ? rng.int(2) : rng.float() * 4 - 2));
    rig.net.write('work', L.h, z);
    rig.net.write('work', rig.layout.yb, y);
    await rig.run(n);
    const grad = new Float32Array(n * width);
    const total = lossAndGradient(task, z, y, n, width, grad, n);
    const [sum] = await rig.net.read('state', rig.layout.loss, 1);
    assert.ok(Math.abs(sum - total) <= 1e-5 * Math.abs(total) + 1e-5, `summed loss ${sum}, expected ${total}`);
    assertClose(await rig.net.read('work', rig.layout.d[0], n * width), grad, `${task} dz`, { atol: 1e-8, rtol: 1e-5 });
    rig.net.destroy();
  });
}

test('backward: weight and bias gradients, and the input gradient through each activation', async (t) => {
  const device = await deviceOrSkip(t);
  if (!device) return;
  const rng = new Mulberry32(23);
  for (const activation of ACTIVATIONS) {
    const inputs = 1 + rng.int(40);
    const hidden = 1 + rng.int(70);
    const units = 1 + rng.int(30);
    const capacity = 1 + rng.int(90);
    const n = 1 + rng.int(capacity);
    const spec = specOf('regression', inputs, [{ units: hidden, activation }, { units, activation: 'linear' }]);
    const rig = await kernelRig(device, spec, capacity, (l) => [weightGradientKernel(l, 1), inputGradientKernel(l, 1)]);
    const [below, top] = rig.layout.layers;
    const d = randoms(rng, capacity * units, 0.1);
    const z = randoms(rng, capacity * hidden, 3);
    const h = new Float32Array(z.length);
    activate(activation, z, h, z.length);
    const theta = randoms(rng, rig.layout.parameters);
    rig.net.write('work', gradientBufferOf(rig.layout, 1), d);
    rig.net.write('work', below.z, z);
    rig.net.write('work', below.h, h);
    rig.net.write('state', 0, theta);
    await rig.run(n);
    // dW = h^T . d (rows ascending), db = column sums of d.
    const wantW = new Float64Array((hidden + 1) * units);
    const magW = new Float64Array(wantW.length);
    for (let k = 0; k <= hidden; k++)
      for (let j = 0; j < units; j++)
        for (let r = 0; r < n; r++) {
          const term = (k === hidden ? 1 : h[r * hidden + k]) * d[r * units + j];
          wantW[k * units + j] += term;
          magW[k * units + j] += Math.abs(term);
        }
    const gotW = await rig.net.read('state', rig.layout.grad + top.kernel, wantW.length);
    assertClose(gotW, wantW, `${activation} dW`, SUM, magW);
    // dH = d . W^T, then the derivative of the layer below's activation.
    const dh = new Float32Array(n * hidden);
    const magH = new Float64Array(n * hidden);
    for (let r = 0; r < n; r++)
      for (let k = 0; k < hidden; k++)
        for (let j = 0; j < units; j++) {
          const term = d[r * units + j] * theta[top.kernel + k * units + j];
          dh[r * hidden + k] += term;
          magH[r * hidden + k] += Math.abs(term);
        }
    const gotIn = await rig.net.read('work', gradientBufferOf(rig.layout, 0), n * hidden);
    const wantIn = Float32Array.from(dh);
    backActivate(activation, z, h, wantIn, n * hidden);
    // The derivative is at most ~1.13 (GELU), so it scales the sum's rounding by as much.
    assertClose(gotIn, wantIn, `${activation} dH`, { atol: 1e-6, rtol: 2e-5 }, magH);
    rig.net.destroy();
  }
});

for (const name of ['adam', 'sgd', 'rmsprop', 'adagrad'] as OptimizerName[]) {
  test(`optimizer (${name}): three steps over one flat buffer of odd length`, async (t) => {
    const device = await deviceOrSkip(t);
    if (!device) return;
    const rng = new Mulberry32(name.length * 7);
    const lr = 0.01;
    // 5 x 41 + 41 = 246 weights: not a multiple of 64.
    const spec = specOf('regression', 5, [{ units: 41, activation: 'linear' }]);
    const rig = await kernelRig(device, spec, 8, (l) => [optimizerKernel(l, name, lr)]);
    const P = rig.layout.parameters;
    const w = randoms(rng, P);
    const ref = Float32Array.from(w);
    const reference = flatOptimizer(name, lr, P);
    rig.net.write('state', 0, w);
    if (name === 'adagrad') rig.net.write('state', rig.layout.m, new Float32Array(P).fill(0.1));
    let b1 = 1;
    let b2 = 1;
    for (let s = 0; s < 3; s++) {
      const g = randoms(rng, P, 0.5);
      rig.net.write('state', rig.layout.grad, g);
      b1 *= 0.9;
      b2 *= 0.999;
      await rig.run(1, { c1: 1 - b1, c2: 1 - b2 });
      reference.step(ref, g);
    }
    assertClose(await rig.net.read('state', 0, P), ref, `${name} weights`, { atol: 1e-6, rtol: 1e-5 });
    rig.net.destroy();
  });
}
