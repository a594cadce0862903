import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { selectBackend, train, weightsHash } from '../../../server/backend/train/index.js';
import { gemmImplementation, pinGemmImplementation, type GemmImplementation } from '../../../server/backend/train/native/gemm.js';
import { nativeGemm, nativeGemmStatus } from '../../../server/backend/train/native/nativeGemm.js';
import { binaryProblem } from './helpers/synthetic.js';
import { childTrainInput } from './helpers/child.js';

const run = promisify(execFile);
const CHILD = resolve(__dirname, 'helpers/child.ts');
const skip = nativeGemm() ? false : `the native kernel is not here (${nativeGemmStatus()})`;

// Wide enough for the native kernel's packed panels, with row remainders of 1, 3, 4 and 5 in its
// 6-row tiles (37 inputs, 22 and 15 units, shards of 22 rows and, in the last batch, of 5).
const input = (threads: number) => ({ ...binaryProblem(900, 37, 5), task: 'binary' as const, kind: 'mlp' as const, layers: [22, 15], epochs: 3, batchSize: 88, learningRate: 0.01, seed: 11, threads });

async function hashOn(where: GemmImplementation, threads: number): Promise<string> {
  const before = gemmImplementation();
  pinGemmImplementation(where);
  try {
    const model = await train(input(threads));
    try {
      return weightsHash(await model.weights());
    } finally {
      model.dispose();
    }
  } finally {
    pinGemmImplementation(before);
  }
}

// The native product takes the WebAssembly kernel's steps in the same order, so a whole training
// run (forward, backward through every product, shards summed in order, Adam) gives the same bits,
// on one thread and with shard workers (each worker follows its session's kernel).
test('wasm engine: training with the native matrix kernel gives the WebAssembly kernel\'s weights bitwise, on one and two threads', { skip, timeout: 120_000 }, async () => {
  await selectBackend('wasm');
  const wasm = await hashOn('wasm', 1);
  assert.equal(await hashOn('native', 1), wasm);
  assert.equal(await hashOn('native', 2), wasm);
  assert.equal(await hashOn('wasm', 2), wasm);
});

test('wasm engine: the run records that its matrix product ran natively', { skip, timeout: 60_000 }, async () => {
  const info = await selectBackend('wasm');
  assert.equal(info.name, 'wasm');
  assert.match(info.versions.backend, /^mlpipe-dense-wasm\/2 \(.*; matrix product native AVX2\+FMA\)$/);
});

// The fallback: with the kernel absent (as where it was not built) the engine trains on WebAssembly
// and, the steps being the same, gives the same weights as here.
test('wasm engine: without the native kernel (MLPIPE_NATIVE_GEMM=0) a run trains, to the same weights', { timeout: 120_000 }, async () => {
  const env = { ...process.env, MLPIPE_NATIVE_GEMM: '0' };
  const child = run(process.execPath, ['--import', 'tsx', CHILD, 'train', 'wasm', '42'], { timeout: 60_000, env });
  await selectBackend('wasm');
  const model = await train(childTrainInput(42));
  const here = weightsHash(await model.weights());
  model.dispose();
  assert.equal((await child).stdout.trim(), here);
});
