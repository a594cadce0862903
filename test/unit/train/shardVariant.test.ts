import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { NativeNetwork } from '../../../server/backend/train/native/dense.js';
import { gemmFingerprint, gemmImplementation, gemmVariant, type GemmVariant } from '../../../server/backend/train/native/gemm.js';
import { startShardWorker } from '../../../server/backend/train/native/session.js';
import { CONTROL, SHARDS, type ShardBuffers } from '../../../server/backend/train/native/shards.js';
import type { ModelSpec } from '../../../server/backend/train/types.js';

// A shard worker that ran the other product would round its shards differently from the main
// thread's, and the weights would depend on which thread computed which shard. Here the worker's
// own probe is made to find the plain kernel (MLPIPE_WASM_FMA=0 in its environment only) while
// the session runs the fused one: it must refuse, not compute.
const spec = { inputs: 3, layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'linear' }], head: 'sigmoid' } as unknown as ModelSpec;

function start(variant: GemmVariant, env: NodeJS.ProcessEnv, fingerprint = gemmFingerprint(variant)): { worker: Worker; control: Int32Array } {
  const size = NativeNetwork.init(spec, 1, 8).parameters;
  const buffers: ShardBuffers = {
    x: new SharedArrayBuffer(8 * 3 * 4),
    y: new SharedArrayBuffer(8 * 4),
    theta: new SharedArrayBuffer(size * 4),
    grads: new SharedArrayBuffer(SHARDS * size * 4),
    losses: new SharedArrayBuffer(SHARDS * 8),
    control: new SharedArrayBuffer(CONTROL.size * 4),
  };
  const worker = startShardWorker({ spec, task: 'binary', capacity: 2, index: 1, threads: 2, buffers, variant, implementation: gemmImplementation(), fingerprint }, env);
  return { worker, control: new Int32Array(buffers.control) };
}

test("a shard worker told to run the 'fma' kernel it cannot run refuses and says so through the control words", { skip: gemmVariant() !== 'fma' && 'this machine runs the plain kernel' }, async () => {
  const { worker, control } = start('fma', { ...process.env, MLPIPE_WASM_FMA: '0' });
  await once(worker, 'exit');
  assert.equal(Atomics.load(control, CONTROL.failed), 1);
  assert.equal(Atomics.load(control, CONTROL.done), 1);
});

test('a shard worker whose kernel bytes differ from the session\'s (a stale bundle, a source edited mid-run) refuses', async () => {
  const { worker, control } = start(gemmVariant(), process.env, 'not-this-kernel');
  await once(worker, 'exit');
  assert.equal(Atomics.load(control, CONTROL.failed), 1);
});

test('a shard worker told to run the plain kernel runs it even where it would fuse, and computes its shards', async () => {
  const { worker, control } = start('simd', process.env, gemmFingerprint('simd'));
  Atomics.store(control, CONTROL.rows, 8);
  Atomics.add(control, CONTROL.generation, 1);
  Atomics.notify(control, CONTROL.generation);
  // Wait for the step's report (the worker is its own thread, so this thread may block), then
  // stop the worker through the same words.
  for (const since = Date.now(); Atomics.load(control, CONTROL.done) === 0 && Date.now() - since < 30_000; ) Atomics.wait(control, CONTROL.done, 0, 1000);
  assert.equal(Atomics.load(control, CONTROL.done), 1);
  assert.equal(Atomics.load(control, CONTROL.failed), 0);
  Atomics.store(control, CONTROL.stop, 1);
  Atomics.add(control, CONTROL.generation, 1);
  Atomics.notify(control, CONTROL.generation);
  await once(worker, 'exit');
});
