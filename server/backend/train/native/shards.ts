/**
 * How the `wasm` engine cuts a batch: always into SHARDS contiguous shards, whatever the number of
 * threads, each shard's gradient computed on its own and the gradients summed in shard order.
 * So one thread and eight threads compute the same sums in the same order: the weights do not
 * depend on the thread count, and a run repeats bitwise on any machine with the same engine.
 */
export const SHARDS = 4;

/** Rows [start, end) of shard s of an n-row batch. */
export function shardRows(n: number, s: number): [number, number] {
  return [Math.floor((s * n) / SHARDS), Math.floor(((s + 1) * n) / SHARDS)];
}

/** out = g[0] + g[1] + ... + g[SHARDS - 1], left to right, each sum rounded to float32. */
export function reduceShards(grads: Float32Array, size: number, out: Float32Array): void {
  out.set(grads.subarray(0, size));
  for (let s = 1; s < SHARDS; s++) {
    const o = s * size;
    for (let i = 0; i < size; i++) out[i] += grads[o + i];
  }
}

/** Shared-memory layout between the session and its shard workers. */
export interface ShardBuffers {
  /** The batch's rows (capacity x cols) and labels. */
  x: SharedArrayBuffer | ArrayBuffer;
  y: SharedArrayBuffer | ArrayBuffer;
  /** The weights the workers copy before each step. */
  theta: SharedArrayBuffer | ArrayBuffer;
  /** SHARDS gradients, one after the other. */
  grads: SharedArrayBuffer | ArrayBuffer;
  /** SHARDS summed losses (float64). */
  losses: SharedArrayBuffer | ArrayBuffer;
  /** Int32 control words, see CONTROL. */
  control: SharedArrayBuffer | ArrayBuffer;
}

/** `failed`: a worker that cannot run the session's kernel sets it (and bumps `done`) instead of computing. */
export const CONTROL = { generation: 0, rows: 1, done: 2, stop: 3, failed: 4, size: 5 } as const;
