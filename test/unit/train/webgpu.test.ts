import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, train, type BackendInfo } from '../../../server/backend/train/index.js';
import { binaryProblem } from './helpers/synthetic.js';

// Opt in to software adapters: on a machine without a GPU this exercises the WebGPU path on
// Mesa's llvmpipe through Dawn's OpenGL ES backend.
process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';

test('training through WebGPU', async (t) => {
  let info: BackendInfo;
  try {
    info = await selectBackend('gpu');
  } catch (e) {
    t.skip(`no WebGPU adapter here, not even a software one: ${(e as Error).message}`);
    return;
  }
  if (info.name !== 'webgpu') {
    t.skip(`the GPU found is ${info.name}, not WebGPU`);
    return;
  }
  assert.equal(info.kind, 'gpu');
  assert.ok(info.adapter);
  const p = binaryProblem(512, 6, 4);
  const losses: number[] = [];
  const model = await train({ ...p, task: 'binary', kind: 'mlp', layers: [16], epochs: 3, batchSize: 128, learningRate: 0.05, seed: 1 }, (e) => losses.push(e.loss));
  assert.equal(model.backend, 'webgpu');
  assert.ok(losses[2] < losses[0], losses.join(' '));
  const pred = await model.predict(p.x, p.rows);
  let hits = 0;
  for (let i = 0; i < p.rows; i++) if ((pred[i] > 0.5 ? 1 : 0) === p.y[i]) hits++;
  assert.ok(hits / p.rows > 0.7, `accuracy ${hits / p.rows}`);
  model.dispose();
});
