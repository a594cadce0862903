/**
 * Training on the `wasm` engine. Each step gathers the batch's rows into one buffer, computes the
 * gradient of each of the SHARDS shards (on this thread, or spread over worker threads that share
 * the buffers), sums them in shard order and applies the optimizer here. The data set itself is
 * never copied: only the batch is.
 */
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../workerThread.js';
import type { BackendName } from '../backends.js';
import type { TrainingSession } from '../session.js';
import type { ModelSpec, OptimizerName, TrainTask } from '../types.js';
import { NativeNetwork } from './dense.js';
import { gemmFingerprint, gemmImplementation, gemmVariant } from './gemm.js';
import { NativeModel } from './model.js';
import { nativeGemm } from './nativeGemm.js';
import { wasmAdam } from './adamKernel.js';
import { flatOptimizer } from './optimizers.js';
import { CONTROL, SHARDS, reduceShards, shardRows, type ShardBuffers } from './shards.js';

export interface NativeSessionInput {
  spec: ModelSpec;
  task: TrainTask;
  x: Float32Array;
  y: Float32Array;
  seed: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  backend: BackendName;
  threads?: number;
}

const WORKER_TIMEOUT_MS = 120_000;

/** Starts a shard worker (dist/trainWorker.js, or shardWorker.ts from source). */
export function startShardWorker(workerData: unknown, env?: NodeJS.ProcessEnv): Worker {
  return startWorkerThread({ bundle: 'trainWorker.js', source: join(__dirname, 'shardWorker.ts') }, { workerData, env });
}

export function nativeSession(input: NativeSessionInput): TrainingSession {
  const { spec, task, batchSize } = input;
  const threads = Math.max(1, Math.min(SHARDS, Math.floor(input.threads ?? 1)));
  const cols = spec.inputs;
  const net = NativeNetwork.init(spec, input.seed, Math.max(batchSize, 1024));
  const size = net.parameters;
  // Adam, the default, sums the shards and steps in one WebAssembly pass (bitwise the JS path's).
  const adam = input.optimizer === 'adam' ? wasmAdam(input.learningRate, size, SHARDS) : undefined;
  const optimizer = adam ? undefined : flatOptimizer(input.optimizer, input.learningRate, size);
  const Buffer = threads > 1 ? SharedArrayBuffer : ArrayBuffer;
  const buffers: ShardBuffers = {
    x: new Buffer(batchSize * cols * 4),
    y: new Buffer(batchSize * 4),
    theta: new Buffer(size * 4),
    // One thread writes its shards straight into the Adam kernel's memory.
    grads: adam && threads === 1 ? adam.grads.buffer : new Buffer(SHARDS * size * 4),
    losses: new Buffer(SHARDS * 8),
    control: new Buffer(CONTROL.size * 4),
  };
  const xBatch = new Float32Array(buffers.x);
  const yBatch = new Float32Array(buffers.y);
  const theta = new Float32Array(buffers.theta);
  const grads = adam && threads === 1 ? adam.grads : new Float32Array(buffers.grads);
  const losses = new Float64Array(buffers.losses);
  const control = new Int32Array(buffers.control);
  theta.set(net.weights);
  const shardCapacity = Math.ceil(batchSize / SHARDS);
  // The main thread decides the product once; each worker runs that one or refuses (a worker on
  // the other kernel would round its shards differently).
  const variant = gemmVariant();
  const implementation = gemmImplementation();
  const fingerprint = gemmFingerprint();
  // The batch's rows are random rows of the data: the native module copies them with prefetching
  // (a JavaScript copy waits on each row's cache misses, 0.4 s of a 1M x 50 epoch).
  const gather = implementation === 'native' ? nativeGemm()?.module.gather : undefined;
  const workers = Array.from(
    { length: threads - 1 },
    (_, i) => startShardWorker({ spec, task, capacity: shardCapacity, index: i + 1, threads, buffers, variant, implementation, fingerprint }),
  );
  let lossSum = 0;
  let stopped = false;

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    Atomics.store(control, CONTROL.stop, 1);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    for (const w of workers) void w.terminate();
  };

  return {
    step(order, start, n) {
      if (gather) {
        gather(input.x, order, start, n, cols, xBatch);
        for (let k = 0; k < n; k++) yBatch[k] = input.y[order[start + k]];
      } else {
        for (let k = 0; k < n; k++) {
          const r = order[start + k];
          const to = k * cols;
          const from = r * cols;
          for (let c = 0; c < cols; c++) xBatch[to + c] = input.x[from + c];
          yBatch[k] = input.y[r];
        }
      }
      if (workers.length) {
        Atomics.store(control, CONTROL.done, 0);
        Atomics.store(control, CONTROL.rows, n);
        Atomics.add(control, CONTROL.generation, 1);
        Atomics.notify(control, CONTROL.generation);
      }
      // This thread's shards: 0, threads, 2 * threads, ...
      for (let s = 0; s < SHARDS; s += threads) {
        const [a, b] = shardRows(n, s);
        if (b === a) {
          losses[s] = 0;
          grads.fill(0, s * size, (s + 1) * size);
          continue;
        }
        net.setRows(xBatch, a, b - a);
        losses[s] = net.lossAndGradient(task, yBatch.subarray(a, b), b - a, n);
        grads.set(net.gradient, s * size);
      }
      if (workers.length) {
        // Bounded waits: a thread that died (out of memory) must fail the run, not hang it.
        const since = Date.now();
        for (let done = Atomics.load(control, CONTROL.done); done < workers.length; done = Atomics.load(control, CONTROL.done)) {
          if (Atomics.load(control, CONTROL.failed)) break;
          if (Atomics.wait(control, CONTROL.done, done, 1000) === 'timed-out' && Date.now() - since > WORKER_TIMEOUT_MS) {
            throw new Error(`a training thread did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
          }
        }
        if (Atomics.load(control, CONTROL.failed)) {
          stop();
          throw new Error(`a training thread cannot run this session's '${variant}' kernel${implementation === 'native' ? ' (native)' : ''} (${fingerprint}), so its shards would round differently; train on one thread, or set MLPIPE_WASM_FMA=0 for the plain kernel or MLPIPE_NATIVE_GEMM=0 for the WebAssembly one, or rebuild if dist/trainWorker.js or dist/native/ is stale`);
        }
      }
      for (let s = 0; s < SHARDS; s++) lossSum += losses[s];
      if (optimizer) {
        reduceShards(grads, size, net.gradient);
        optimizer.step(net.weights, net.gradient);
      } else if (adam) {
        if (grads !== adam.grads) adam.grads.set(grads);
        adam.step(net.weights);
      }
      if (workers.length) theta.set(net.weights);
    },
    async takeLoss() {
      const s = lossSum;
      lossSum = 0;
      return s;
    },
    async validationLoss(v) {
      return net.totalLoss(task, v.x, v.y, v.rows) / v.rows;
    },
    finish(history) {
      stop();
      return new NativeModel(net, input.backend, input.seed, history);
    },
    dispose() {
      stop();
    },
  };
}
