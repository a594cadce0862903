/**
 * The WebGPU engine trained through `train` (the 'webgpu' backend's training path) against the
 * wasm engine on the same small problems: the same initial weights, batch order, loss and
 * optimizer, so the loss curves and final weights agree to float32 rounding, not bitwise (the
 * wasm engine sums each batch's gradient in four shards, and the loss in float64). Tolerance:
 * each epoch's mean loss within 2e-5 relative, and every final weight within 3e-5 absolute
 * (weights are about 0.1-1 in size): about a hundred times the largest gaps measured on llvmpipe
 * over these runs (2e-7 and 3e-7), room for another device's exp, tanh and fused multiply-adds,
 * while a real mistake (a wrong term, a batch left out) moves weights by about the learning
 * rate, 1e-3 and more, and fails.
 *
 * And two runs on one device give bitwise-identical weights: every sum has one order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, train, weightsHash, type BackendInfo } from '../../../server/backend/train/index.js';
import type { Activation, OptimizerName, TrainInput, TrainTask } from '../../../server/backend/train/types.js';
import { binaryProblem, multiclassProblem } from './helpers/synthetic.js';

process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';

const LOSS_RTOL = 2e-5;
const WEIGHT_ATOL = 3e-5;

async function gpuOrSkip(t: { skip(reason: string): void }): Promise<boolean> {
  let info: BackendInfo;
  try {
    info = await selectBackend('gpu');
  } catch (e) {
    t.skip(`no WebGPU adapter here, not even a software one: ${(e as Error).message.split('\n')[0]}`);
    return false;
  }
  if (info.name !== 'webgpu') {
    t.skip(`the GPU found is ${info.name}, not WebGPU`);
    return false;
  }
  return true;
}

interface Case {
  task: TrainTask;
  activation: Activation;
  optimizer: OptimizerName;
  learningRate: number;
}

const CASES: Case[] = [
  { task: 'binary', activation: 'relu', optimizer: 'adam', learningRate: 0.01 },
  { task: 'multiclass', activation: 'tanh', optimizer: 'sgd', learningRate: 0.1 },
  { task: 'regression', activation: 'gelu', optimizer: 'rmsprop', learningRate: 0.005 },
  { task: 'binary', activation: 'elu', optimizer: 'adagrad', learningRate: 0.05 },
  { task: 'multiclass', activation: 'sigmoid', optimizer: 'adam', learningRate: 0.01 },
];

function inputOf(c: Case): TrainInput {
  // 300 rows in batches of 64: the last batch of each epoch has 44 rows.
  const p = c.task === 'multiclass' ? multiclassProblem(300, 7, 3) : binaryProblem(300, 7, 4);
  const y = c.task === 'regression' ? Float32Array.from(p.x.filter((_, i) => i % 7 === 0), (v, r) => v * 2 + p.y[r]) : p.y;
  return { ...p, y, task: c.task, classes: c.task === 'multiclass' ? 3 : undefined, kind: 'mlp', layers: [19, 9], activation: c.activation, optimizer: c.optimizer, learningRate: c.learningRate, epochs: 4, batchSize: 64, seed: 17 };
}

async function trainOn(backend: 'wasm' | 'gpu', input: TrainInput): Promise<{ losses: number[]; weights: Float32Array; hash: string }> {
  await selectBackend(backend);
  const losses: number[] = [];
  const model = await train(input, (e) => losses.push(e.loss));
  assert.equal(model.backend, backend === 'gpu' ? 'webgpu' : 'wasm');
  const snapshot = await model.weights();
  model.dispose();
  return { losses, weights: snapshot.data, hash: weightsHash(snapshot) };
}

for (const c of CASES) {
  test(`webgpu engine agrees with wasm: ${c.task}, ${c.activation}, ${c.optimizer}`, async (t) => {
    if (!(await gpuOrSkip(t))) return;
    const input = inputOf(c);
    const gpu = await trainOn('gpu', input);
    const wasm = await trainOn('wasm', input);
    assert.equal(gpu.losses.length, 4);
    let worstLoss = 0;
    gpu.losses.forEach((l, i) => {
      const gap = Math.abs(l - wasm.losses[i]) / Math.abs(wasm.losses[i]);
      worstLoss = Math.max(worstLoss, gap);
      assert.ok(gap <= LOSS_RTOL, `epoch ${i + 1}: loss ${l} on webgpu, ${wasm.losses[i]} on wasm`);
    });
    assert.equal(gpu.weights.length, wasm.weights.length);
    let worst = 0;
    for (let i = 0; i < gpu.weights.length; i++) worst = Math.max(worst, Math.abs(gpu.weights[i] - wasm.weights[i]));
    t.diagnostic(`largest gaps: loss ${worstLoss.toExponential(2)} relative, weight ${worst.toExponential(2)}`);
    assert.ok(worst <= WEIGHT_ATOL, `a weight differs by ${worst}`);
    // It trained: the loss fell.
    assert.ok(gpu.losses[3] < gpu.losses[0], gpu.losses.join(' '));
  });
}

test('webgpu engine: two runs give bitwise-identical weights and losses; another seed does not', async (t) => {
  if (!(await gpuOrSkip(t))) return;
  const input = inputOf(CASES[0]);
  const first = await trainOn('gpu', input);
  const second = await trainOn('gpu', input);
  assert.equal(second.hash, first.hash);
  assert.deepEqual(second.losses, first.losses);
  const other = await trainOn('gpu', { ...input, seed: 18 });
  assert.notEqual(other.hash, first.hash);
});
