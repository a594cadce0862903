import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gemmKernel, gemmVariant, type GemmKernel, type GemmVariant } from '../../../server/backend/train/native/gemm.js';
import { nativeGemm, nativeGemmStatus } from '../../../server/backend/train/native/nativeGemm.js';

// The native kernel (c/gemm.c) promises the WebAssembly kernel's bits: the same start value and
// the same step per t, t ascending, for every shape, stride, start and fused step. Both run on
// memories filled alike; the whole memories must then be equal byte for byte (so the native one
// also writes nothing outside C). Compared as integers, so -0 and +0 differ.
const native = nativeGemm();
const skip = native ? false : `the native kernel is not here (${nativeGemmStatus()}); build it with node scripts/build-native.mjs`;
const variants: GemmVariant[] = gemmVariant() === 'fma' ? ['fma', 'simd'] : ['simd'];
const BYTES = 1 << 21;

interface Case {
  m: number;
  n: number;
  k: number;
  layout: 'rows' | 'transposed' | 'ones';
  pads: [number, number, number, number];
  init: 0 | 1 | 2;
  post: 0 | 1 | 2;
  seed: number;
}

/** A small deterministic generator: values of mixed sign and magnitude, so sums cancel and round. */
function filler(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 2 ** 32;
    return Math.fround((u * 2 - 1) * 2 ** (((s >>> 7) % 9) - 4));
  };
}

/** Lays the operands out, runs `k.gemm`, returns nothing: the memory holds the result. */
function run(kernel: GemmKernel, c: Case): void {
  const f = new Float32Array(kernel.memory.buffer);
  const next = filler(c.seed);
  for (let i = 0; i < f.length / 4; i++) f[i] = next();
  // Mask values of both signs and zeros, and every float of C's start region set.
  const [padA, padB, padC, shift] = c.pads;
  const ldb = c.n + padB, ldc = c.n + padC;
  const [sAr, sAt] = c.layout === 'rows' ? [c.k + padA, 1] : c.layout === 'transposed' ? [1, c.m + padA] : [0, 1];
  // Operands apart, each after the last float the one before may touch (overlap is outside the contract).
  const A = 16 + shift;
  const B = A + c.m * (c.k + padA + 1) + c.k * (c.m + padA + 1) + 16 + shift;
  const C = B + c.k * ldb + 16 + 3 * shift;
  const BIAS = C + c.m * ldc + 16 + shift;
  const MASK = BIAS + c.n + 16 + shift;
  assert.ok(MASK + c.m * ldc < f.length, 'the case fits the memory');
  for (let i = MASK; i < MASK + c.m * ldc; i++) f[i] = (i % 3) - 1;
  kernel.gemm(c.m, c.n, c.k, A * 4, sAr, sAt, B * 4, ldb, C * 4, ldc, c.init, BIAS * 4, c.post, MASK * 4);
}

function same(variant: GemmVariant, c: Case): void {
  const wasm = gemmKernel(BYTES, 'wasm', variant);
  const nat = gemmKernel(BYTES, 'native', variant);
  run(wasm, c);
  run(nat, c);
  const x = new Uint32Array(wasm.memory.buffer, 0, BYTES / 4);
  const y = new Uint32Array(nat.memory.buffer, 0, BYTES / 4);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) assert.fail(`${variant} ${JSON.stringify(c)}: float ${i} is ${new Float32Array(x.buffer, i * 4, 1)[0]} (wasm) vs ${new Float32Array(y.buffer, i * 4, 1)[0]} (native)`);
}

const arbitraryCase = (maxM: number, maxN: number, maxK: number): fc.Arbitrary<Case> =>
  fc.record({
    m: fc.integer({ min: 0, max: maxM }),
    n: fc.integer({ min: 0, max: maxN }),
    k: fc.integer({ min: 0, max: maxK }),
    layout: fc.constantFrom('rows', 'transposed', 'ones'),
    pads: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 7 })),
    init: fc.constantFrom(0, 1, 2),
    post: fc.constantFrom(0, 1, 2),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  });

for (const variant of variants) {
  test(`native gemm equals the WebAssembly kernel bitwise ('${variant}'): random shapes, strides, starts and fused steps`, { skip, timeout: 120_000 }, () => {
    // Up to 40 x 40 x 70: every row remainder of the 6-row tile, both column vectors and their
    // masks, K's unroll remainders, and the narrow path (N < 8, rows in groups of 8).
    fc.assert(fc.property(arbitraryCase(40, 40, 70), (c) => same(variant, c)), { numRuns: 400 });
  });

  test(`native gemm equals the WebAssembly kernel bitwise ('${variant}') on the engine's shapes (packed panels, long K)`, { skip, timeout: 120_000 }, () => {
    const shapes: [number, number, number, Case['layout']][] = [
      [128, 256, 50, 'rows'], // forward, layer 1 of the wide bench
      [128, 128, 256, 'rows'], // forward, layer 2
      [50, 256, 128, 'transposed'], // dW = input^T . dZ
      [1, 256, 128, 'ones'], // db = ones^T . dZ
      [128, 1, 128, 'rows'], // the output layer forward: the narrow path, A packed
      [128, 1, 128, 'transposed'], // its weight gradient: the narrow path, A read in place
      [37, 3, 20, 'transposed'], // narrow, rows not a multiple of 8
      [130, 257, 300, 'rows'],
      [7, 33, 513, 'transposed'],
    ];
    for (const [m, n, k, layout] of shapes) for (const init of [0, 1, 2] as const) for (const post of [0, 1, 2] as const) same(variant, { m, n, k, layout, pads: [0, 0, 0, 0], init, post, seed: m * 7 + n + k });
  });
}

test('the native and WebAssembly fused kernels do round differently from the plain ones (so the equality above can fail)', { skip: skip || (gemmVariant() !== 'fma' && 'no fused kernel here'), timeout: 60_000 }, () => {
  const fused = gemmKernel(BYTES, 'native', 'fma');
  const plain = gemmKernel(BYTES, 'native', 'simd');
  const c: Case = { m: 20, n: 20, k: 40, layout: 'rows', pads: [0, 0, 0, 0], init: 0, post: 0, seed: 9 };
  run(fused, c);
  run(plain, c);
  assert.notDeepEqual(new Uint32Array(fused.memory.buffer, 0, BYTES / 4), new Uint32Array(plain.memory.buffer, 0, BYTES / 4));
});

test('native gemm refuses operands outside its memory with a clear error, and writes nothing', { skip, timeout: 60_000 }, () => {
  const k = gemmKernel(65536, 'native');
  const f = new Float32Array(k.memory.buffer);
  f.fill(1);
  // C's last row would end past the 64 KiB memory.
  assert.throws(() => k.gemm(100, 200, 1, 0, 1, 1, 0, 200, 4, 200, 0, 0, 0, 0), /outside the memory/);
  assert.throws(() => k.gemm(2, 2, 2, 2, 2, 1, 0, 2, 64, 2, 0, 0, 0, 0), /4-byte aligned/);
  assert.throws(() => k.gemm(2, 2, 2, 0, 2, 1, 0, 2, 64, 2, 3 as 0, 0, 0, 0), /init and post/);
  // A's last index is (2^31 - 2)(2^31 - 1) + 3(2^31 - 1) = 2^62 - 1 floats, 2^64 bytes: it must not
  // wrap around to 0 and pass (C's rows are 0 floats apart, so C itself is in range).
  const big = 2 ** 31 - 1;
  assert.throws(() => k.gemm(big, 1, 4, 0, big, big, 0, 1, 0, 0, 0, 0, 0, 0), /outside the memory/);
  assert.throws(() => k.gemm(1, 1, 1, 0, -1, 1, 0, 1, 0, 1, 0, 0, 0, 0), /whole numbers from 0/);
  assert.ok(f.every((v) => v === 1));
});

test('native gather copies the batch rows the JavaScript loop copies, and refuses rows outside the data', { skip, timeout: 60_000 }, () => {
  const gather = native!.module.gather;
  const rows = 1000, cols = 7;
  const next = filler(3);
  const x = Float32Array.from({ length: rows * cols }, next);
  const order = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % rows);
  const dest = new Float32Array(new SharedArrayBuffer(64 * cols * 4));
  for (const [start, n] of [[0, 64], [900, 64], [999, 1], [500, 0]]) {
    dest.fill(-1);
    gather(x, order, start, n, cols, dest);
    const expected = new Float32Array(64 * cols).fill(-1);
    for (let k = 0; k < n; k++) for (let c = 0; c < cols; c++) expected[k * cols + c] = x[order[start + k] * cols + c];
    assert.deepEqual(dest, expected, `start ${start}, n ${n}`);
  }
  assert.throws(() => gather(x, Int32Array.of(0, rows), 0, 2, cols, dest), /outside x/);
  assert.throws(() => gather(x, order, 990, 20, cols, dest), /outside order or dest/);
  assert.throws(() => gather(x, order, 0, 65, cols, dest), /outside order or dest/);
});
