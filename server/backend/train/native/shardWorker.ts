/**
 * A thread of the `wasm` engine: waits for the session to publish a batch, computes the gradients
 * of its shards (s = index, index + threads, ...) on its own copy of the network, and reports.
 * Everything travels through shared memory; the only message is the start-up data.
 */
import { workerData } from 'node:worker_threads';
import type { ModelSpec, TrainTask } from '../types.js';
import { NativeNetwork } from './dense.js';
import { gemmFingerprint, pinGemmImplementation, pinGemmVariant, type GemmImplementation, type GemmVariant } from './gemm.js';
import { CONTROL, SHARDS, shardRows, type ShardBuffers } from './shards.js';

interface Start {
  spec: ModelSpec;
  task: TrainTask;
  capacity: number;
  index: number;
  threads: number;
  buffers: ShardBuffers;
  /** The product the session's main thread runs: this thread runs the same one or none. */
  variant: GemmVariant;
  /** Where the session's product runs (native or WebAssembly): the same here, or none. */
  implementation: GemmImplementation;
  /** gemmFingerprint() on the main thread: the same kernel bytes, not only the same variant. */
  fingerprint: string;
}

function main(start: Start): void {
  const { spec, task, capacity, index, threads, buffers, variant, implementation, fingerprint } = start;
  const control = new Int32Array(buffers.control);
  try {
    pinGemmVariant(variant);
    pinGemmImplementation(implementation);
    if (gemmFingerprint() !== fingerprint) throw new Error('this thread loaded another kernel than the session');
  } catch {
    // Refuse rather than compute shards that round differently; the session reports it.
    Atomics.store(control, CONTROL.failed, 1);
    Atomics.add(control, CONTROL.done, 1);
    Atomics.notify(control, CONTROL.done);
    return;
  }
  const net = NativeNetwork.fromWeights(spec, new Float32Array(buffers.theta), capacity);
  const x = new Float32Array(buffers.x);
  const y = new Float32Array(buffers.y);
  const theta = new Float32Array(buffers.theta);
  const grads = new Float32Array(buffers.grads);
  const losses = new Float64Array(buffers.losses);
  const size = net.parameters;
  let generation = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.generation, generation);
    generation = Atomics.load(control, CONTROL.generation);
    if (Atomics.load(control, CONTROL.stop)) return;
    const n = Atomics.load(control, CONTROL.rows);
    net.weights.set(theta);
    for (let s = index; s < SHARDS; s += threads) {
      const [a, b] = shardRows(n, s);
      net.setRows(x, a, b - a);
      losses[s] = b > a ? net.lossAndGradient(task, y.subarray(a, b), b - a, n) : 0;
      if (b > a) grads.set(net.gradient, s * size);
      else grads.fill(0, s * size, (s + 1) * size);
    }
    Atomics.add(control, CONTROL.done, 1);
    Atomics.notify(control, CONTROL.done);
  }
}

main(workerData as Start);
