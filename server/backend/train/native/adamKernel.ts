/**
 * The sum of the shards' gradients and Adam's update over the flat weights in one WebAssembly
 * pass, two weights at a time. It computes exactly what reduceShards (./shards.ts) and
 * flatOptimizer('adam') (./optimizers.ts) compute in JS: the shard sum in float32, left to right;
 * the moments and the update in float64 with the same operations in the same order, rounded to
 * float32 where JS stores into a Float32Array. IEEE arithmetic and square root round the same in
 * both, so the weights are bitwise those of the JS path (tested), at a fraction of its time.
 */
import { F64, I32, V128, moduleBytes, op, type FunctionDef } from './wasm.js';

// Parameters: byte addresses, the float stride between shards, the weight count, Adam's scalars.
const GRADS = 0, STRIDE = 1, SIZE = 2, M = 3, V = 4, W = 5, LR = 6, C1 = 7, C2 = 8;
// Locals.
const OFF = 9, END = 10, P = 11, STRIDE4 = 12, G = 13, MD = 14, VD = 15, X = 16;
const EPSILON = 1e-7;

const flat = (...parts: number[][]): number[] => parts.flat();

/** The two f32 at addr + OFF, as f64x2. */
const loadPair = (addr: number): number[] => flat(op.get(addr), op.get(OFF), op.i32Add(), op.v128Load64Zero(), op.f64x2PromoteLowF32x4());

/** Rounds the f64x2 on the stack to f32, stores it at addr + OFF, and leaves the rounded value as f64x2 in `into`. */
const storePair = (addr: number, into: number): number[] =>
  flat(op.f32x4DemoteF64x2Zero(), op.set(X), op.get(addr), op.get(OFF), op.i32Add(), op.get(X), op.v128Store64Lane0(), op.get(X), op.f64x2PromoteLowF32x4(), op.set(into));

function adamFunction(shards: number): FunctionDef {
  const sum: number[][] = [op.get(GRADS), op.get(OFF), op.i32Add(), op.tee(P), op.v128Load64Zero(), op.set(G)];
  for (let s = 1; s < shards; s++) {
    sum.push(op.get(G), op.get(P), op.get(STRIDE4), op.i32Add(), op.tee(P), op.v128Load64Zero(), op.f32x4Add(), op.set(G));
  }
  const g = flat(op.get(G), op.f64x2PromoteLowF32x4());
  const body = [
    op.get(STRIDE), op.i32(2), op.i32Shl(), op.set(STRIDE4),
    op.get(SIZE), op.i32(2), op.i32Shl(), op.set(END),
    op.i32(0), op.set(OFF),
    op.block(), op.loop(),
    op.get(OFF), op.get(END), op.i32GeS(), op.brIf(1),
    ...sum,
    // m = 0.9 m + 0.1 g
    op.f64(0.9), op.f64x2Splat(), loadPair(M), op.f64x2Mul(), op.f64(0.1), op.f64x2Splat(), g, op.f64x2Mul(), op.f64x2Add(), storePair(M, MD),
    // v = 0.999 v + 0.001 g g
    op.f64(0.999), op.f64x2Splat(), loadPair(V), op.f64x2Mul(), op.f64(0.001), op.f64x2Splat(), g, op.f64x2Mul(), g, op.f64x2Mul(), op.f64x2Add(), storePair(V, VD),
    // w -= lr (m / c1) / (sqrt(v / c2) + epsilon)
    loadPair(W),
    op.get(LR), op.f64x2Splat(), op.get(MD), op.get(C1), op.f64x2Splat(), op.f64x2Div(), op.f64x2Mul(),
    op.get(VD), op.get(C2), op.f64x2Splat(), op.f64x2Div(), op.f64x2Sqrt(), op.f64(EPSILON), op.f64x2Splat(), op.f64x2Add(),
    op.f64x2Div(), op.f64x2Sub(), storePair(W, MD),
    op.get(OFF), op.i32(8), op.i32Add(), op.set(OFF),
    op.br(0), op.end(), op.end(),
  ];
  return {
    name: 'adam',
    params: [I32, I32, I32, I32, I32, I32, F64, F64, F64],
    locals: [I32, I32, I32, I32, V128, V128, V128, V128],
    body,
  };
}

export interface WasmAdam {
  /** Where the shards' gradients go: shard s at [s * size, (s + 1) * size). */
  readonly grads: Float32Array;
  /** Sums the shards' gradients and applies one Adam step to `theta` (size floats). */
  step(theta: Float32Array): void;
}

const modules = new Map<number, WebAssembly.Module>();

export function wasmAdam(learningRate: number, size: number, shards: number): WasmAdam {
  let module = modules.get(shards);
  if (!module) {
    module = new WebAssembly.Module(moduleBytes([adamFunction(shards)], 1));
    modules.set(shards, module);
  }
  // Each array padded to four floats: the last pair may run one float past `size`.
  const padded = Math.ceil(size / 4) * 4;
  const grads = 0, m = shards * padded * 4, v = m + padded * 4, w = v + padded * 4;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((w + padded * 4) / 65536) + 1 });
  const adam = new WebAssembly.Instance(module, { env: { memory } }).exports.adam as (...args: number[]) => void;
  const weights = new Float32Array(memory.buffer, w, size);
  let beta1Power = 1;
  let beta2Power = 1;
  return {
    grads: new Float32Array(memory.buffer, grads, shards * size),
    step(theta) {
      beta1Power *= 0.9;
      beta2Power *= 0.999;
      weights.set(theta);
      adam(grads, size, size, m, v, w, learningRate, 1 - beta1Power, 1 - beta2Power);
      theta.set(weights);
    },
  };
}
