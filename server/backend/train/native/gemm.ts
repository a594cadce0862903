/**
 * The matrix product of the dense engine, as WebAssembly SIMD written by ./wasm.ts:
 *
 *   gemm(M, N, K, a, sAr, sAt, b, ldb, c, ldc, init, bias)
 *   C[r, j] = start(r, j) + sum over t = 0..K-1 of A(r, t) * B(t, j)      (0 <= r < M, 0 <= j < N)
 *
 * with A(r, t) = a[r*sAr + t*sAt] (so one kernel serves A and A transposed), B(t, j) = b[t*ldb + j]
 * and C(r, j) = c[r*ldc + j]; a, b, c and bias are byte addresses, strides count floats. `start` is
 * 0 (init 0), the old C (init 1: accumulate) or bias[j] (init 2). `post` fuses the element-wise
 * step that follows a product into its store: 0 none, 1 ReLU (max(x, 0)), 2 ReLU's backward mask
 * (x where mask[r*ldc + j] > 0, else 0; mask is a byte address like c).
 *
 *   gemm(M, N, K, a, sAr, sAt, b, ldb, c, ldc, init, bias, post, mask)
 *
 * Register tiles of 4 rows by 8 columns (two f32x4 per row) keep eight accumulators in
 * registers, reading A with vector loads and shuffles when its four rows are adjacent (sAr = 1)
 * or each row's t values are (sAt = 1); the edges fall back to 4 columns, then to one column in
 * scalar f32. Every C element
 * is summed in the same order (t ascending, one f32 multiply and one f32 add each, or one fused
 * multiply-add in the 'fma' variant below) whatever tile computes it, so the result does not
 * depend on the shapes' remainders: bitwise reproducible.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { nativeGemm } from './nativeGemm.js';
import { F32, I32, V128, moduleBytes, op, type FunctionDef } from './wasm.js';

// Parameters.
const M = 0, N = 1, K = 2, A = 3, SAR = 4, SAT = 5, B = 6, LDB = 7, C = 8, LDC = 9, INIT = 10, BIAS = 11, POST = 12, MASK = 13;
const PARAMS = 14;
// i32 locals.
const R = 14, J = 15, T = 16, PB = 17, SAR4 = 18, SAT4 = 19, LDB4 = 20, LDC4 = 21, PA = 22; // PA..PA+3
// f32 local.
const SACC = 26;
// v128 locals.
const ACC = 27; // ACC..ACC+7, index row * 2 + vector
const BV = 35; // BV, BV+1
const AV = 37; // AV..AV+3: A values loaded as vectors
const SACCV = 41; // the scalar tile's accumulator in lane 0 when it fuses (relaxed madd has no scalar form)
const LOCALS = [...Array<number>(12).fill(I32), F32, ...Array<number>(8 + 2 + 4 + 1).fill(V128)] as FunctionDef['locals'];

const flat = (...parts: number[][]): number[] => parts.flat();

/**
 * acc += a * b on f32x4 (a and b are the bytes that push them): one relaxed madd when the module
 * fuses, else a multiply and an add, each rounded.
 */
function madd(fuse: boolean, acc: number, a: number[], b: number[]): number[] {
  return fuse ? flat(a, b, op.get(acc), op.f32x4RelaxedMadd(), op.set(acc)) : flat(op.get(acc), a, b, op.f32x4Mul(), op.f32x4Add(), op.set(acc));
}

/** Address of C(r + dr, j) + extra bytes, on the stack. */
function cAddress(dr: number, extraBytes: number): number[] {
  return flat(op.get(C), op.get(R), op.i32(dr), op.i32Add(), op.get(LDC4), op.i32Mul(), op.i32Add(), op.get(J), op.i32(2), op.i32Shl(), op.i32Add(), op.i32(extraBytes), op.i32Add());
}

/** Address of mask(r + dr, j) + extra bytes: the same layout as C. */
function maskAddress(dr: number, extraBytes: number): number[] {
  return flat(op.get(MASK), op.get(R), op.i32(dr), op.i32Add(), op.get(LDC4), op.i32Mul(), op.i32Add(), op.get(J), op.i32(2), op.i32Shl(), op.i32Add(), op.i32(extraBytes), op.i32Add());
}

/** The value on the stack after `post`: itself, max(x, 0), or x masked where mask <= 0. */
function post(dr: number, extraBytes: number, vector: boolean): number[] {
  const relu = vector ? flat(op.v128Zero(), op.f32x4Max()) : flat(op.f32(0), op.f32Max());
  const masked = vector
    ? flat(maskAddress(dr, extraBytes), op.v128Load(), op.v128Zero(), op.f32x4Gt(), op.v128And())
    : flat(op.set(SACC), op.get(SACC), op.f32(0), maskAddress(dr, extraBytes), op.f32Load(), op.f32(0), op.f32Gt(), op.select());
  const type = vector ? V128 : F32;
  // The value is on the stack; keep it there through the branches by passing it in a local.
  return flat(
    op.set(vector ? BV : SACC),
    op.get(POST), op.i32Eqz(),
    op.ifValue(type), op.get(vector ? BV : SACC),
    op.else(),
    op.get(POST), op.i32(1), op.i32Eq(),
    op.ifValue(type), op.get(vector ? BV : SACC), relu,
    op.else(), op.get(vector ? BV : SACC), masked,
    op.end(),
    op.end(),
  );
}

/** The start value of one accumulator (vector or scalar) for C(r + dr, j + 4v). */
function start(dr: number, v: number, vector: boolean): number[] {
  const load = vector ? op.v128Load() : op.f32Load();
  const zero = vector ? op.v128Zero() : op.f32(0);
  return flat(
    op.get(INIT), op.i32Eqz(),
    op.ifValue(vector ? V128 : F32), zero,
    op.else(),
    op.get(INIT), op.i32(1), op.i32Eq(),
    op.ifValue(vector ? V128 : F32), cAddress(dr, 16 * v), load,
    op.else(), op.get(BIAS), op.get(J), op.i32(2), op.i32Shl(), op.i32Add(), op.i32(16 * v), op.i32Add(), load,
    op.end(),
    op.end(),
  );
}

/** A(r + dr, 0) pointers into PA+dr and B(0, j) into PB. */
function pointers(rows: number): number[] {
  const out: number[][] = [];
  for (let dr = 0; dr < rows; dr++) out.push(op.get(A), op.get(R), op.i32(dr), op.i32Add(), op.get(SAR4), op.i32Mul(), op.i32Add(), op.set(PA + dr));
  out.push(op.get(B), op.get(J), op.i32(2), op.i32Shl(), op.i32Add(), op.set(PB));
  return flat(...out);
}

/** The general loop over the remaining T values of t, one t at a time. */
function generalLoop(fuse: boolean, rows: number, vectors: number): number[] {
  const body: number[][] = [];
  for (let v = 0; v < vectors; v++) body.push(op.get(PB), op.v128Load(16 * v), op.set(BV + v));
  for (let dr = 0; dr < rows; dr++) {
    for (let v = 0; v < vectors; v++) {
      body.push(madd(fuse, ACC + dr * 2 + v, flat(op.get(PA + dr), op.f32Load(), op.f32x4Splat()), op.get(BV + v)));
    }
    body.push(op.get(PA + dr), op.get(SAT4), op.i32Add(), op.set(PA + dr));
  }
  body.push(op.get(PB), op.get(LDB4), op.i32Add(), op.set(PB));
  return flat(op.block(), op.get(T), op.i32Eqz(), op.brIf(0), op.loop(), ...body, op.get(T), op.i32(1), op.i32Sub(), op.tee(T), op.brIf(0), op.end(), op.end());
}

function initAccumulators(rows: number, vectors: number): number[] {
  const out: number[][] = [];
  for (let dr = 0; dr < rows; dr++) for (let v = 0; v < vectors; v++) out.push(start(dr, v, true), op.set(ACC + dr * 2 + v));
  return flat(...out);
}

function storeAccumulators(rows: number, vectors: number): number[] {
  const out: number[][] = [];
  for (let dr = 0; dr < rows; dr++) for (let v = 0; v < vectors; v++) out.push(cAddress(dr, 16 * v), op.get(ACC + dr * 2 + v), post(dr, 16 * v, true), op.v128Store());
  return flat(...out);
}

/** The loop over t for a tile of `rows` x `vectors` f32x4 columns. */
function vectorTile(fuse: boolean, rows: number, vectors: number): number[] {
  return flat(initAccumulators(rows, vectors), pointers(rows), op.get(K), op.set(T), generalLoop(fuse, rows, vectors), storeAccumulators(rows, vectors));
}

const broadcast = (lane: number): number[] => {
  const bytes = [0, 1, 2, 3].map((b) => lane * 4 + b);
  return op.i8x16Shuffle([...bytes, ...bytes, ...bytes, ...bytes]);
};

/**
 * Four rows when each row of A is contiguous (sAt = 1, A as stored, as in the forward product):
 * t advances four at a time, one vector load per row bringing four t values and a shuffle
 * broadcasting each; the general loop finishes the last K mod 4. Each accumulator still adds
 * t = 0, 1, 2, ... in order, so the sums are vectorTile's exactly.
 */
function vectorTileContiguousRows(fuse: boolean, vectors: number): number[] {
  const rows = 4;
  const body: number[][] = [];
  for (let dr = 0; dr < rows; dr++) body.push(op.get(PA + dr), op.v128Load(), op.set(AV + dr));
  for (let i = 0; i < 4; i++) {
    for (let v = 0; v < vectors; v++) body.push(op.get(PB), op.v128Load(16 * v), op.set(BV + v));
    for (let dr = 0; dr < rows; dr++) {
      for (let v = 0; v < vectors; v++) {
        body.push(madd(fuse, ACC + dr * 2 + v, flat(op.get(AV + dr), op.get(AV + dr), broadcast(i)), op.get(BV + v)));
      }
    }
    body.push(op.get(PB), op.get(LDB4), op.i32Add(), op.set(PB));
  }
  for (let dr = 0; dr < rows; dr++) body.push(op.get(PA + dr), op.i32(16), op.i32Add(), op.set(PA + dr));
  body.push(op.get(T), op.i32(4), op.i32Sub(), op.set(T));
  const unrolled = flat(op.block(), op.loop(), op.get(T), op.i32(4), op.i32LtS(), op.brIf(1), ...body, op.br(0), op.end(), op.end());
  return flat(initAccumulators(rows, vectors), pointers(rows), op.get(K), op.set(T), unrolled, generalLoop(fuse, rows, vectors), storeAccumulators(rows, vectors));
}

/**
 * The same tile when A's rows are adjacent in memory (sAr = 1, A transposed, as in the weight
 * gradient input^T . dZ): one vector load brings four rows' values, and a shuffle broadcasts each.
 * The products and sums are the same operations in the same order as vectorTile's.
 */
function vectorTileAdjacentRows(fuse: boolean, vectors: number): number[] {
  const rows = 4;
  const out: number[][] = [];
  for (let dr = 0; dr < rows; dr++) for (let v = 0; v < vectors; v++) out.push(start(dr, v, true), op.set(ACC + dr * 2 + v));
  out.push(pointers(1), op.get(K), op.set(T));
  const body: number[][] = [];
  for (let v = 0; v < vectors; v++) body.push(op.get(PB), op.v128Load(16 * v), op.set(BV + v));
  body.push(op.get(PA), op.v128Load(), op.set(AV));
  for (let dr = 0; dr < rows; dr++) {
    const lane = [0, 1, 2, 3].map((b) => dr * 4 + b);
    for (let v = 0; v < vectors; v++) {
      body.push(madd(fuse, ACC + dr * 2 + v, flat(op.get(AV), op.get(AV), op.i8x16Shuffle([...lane, ...lane, ...lane, ...lane])), op.get(BV + v)));
    }
  }
  body.push(op.get(PA), op.get(SAT4), op.i32Add(), op.set(PA));
  body.push(op.get(PB), op.get(LDB4), op.i32Add(), op.set(PB));
  out.push(op.block(), op.get(T), op.i32Eqz(), op.brIf(0), op.loop(), ...body, op.get(T), op.i32(1), op.i32Sub(), op.tee(T), op.brIf(0), op.end(), op.end());
  for (let dr = 0; dr < rows; dr++) for (let v = 0; v < vectors; v++) out.push(cAddress(dr, 16 * v), op.get(ACC + dr * 2 + v), post(dr, 16 * v, true), op.v128Store());
  return flat(...out);
}

/** Four-row tiles pick, at run time, the adjacent-rows form (sAr = 1), the contiguous-rows form (sAt = 1) or the general one. */
function fourRowTile(fuse: boolean, vectors: number): number[] {
  return flat(
    op.get(SAR), op.i32(1), op.i32Eq(),
    op.if(), vectorTileAdjacentRows(fuse, vectors),
    op.else(),
    op.get(SAT), op.i32(1), op.i32Eq(),
    op.if(), vectorTileContiguousRows(fuse, vectors), op.else(), vectorTile(fuse, 4, vectors), op.end(),
    op.end(),
  );
}

/**
 * One column of `rows` rows, in the same summation order as the vector tiles: scalar f32, or, when
 * the module fuses, lane 0 of an f32x4 relaxed madd (so every C element is rounded the same way
 * whichever tile computes it).
 */
function scalarTile(fuse: boolean, rows: number): number[] {
  const out: number[][] = [];
  for (let dr = 0; dr < rows; dr++) {
    const step = fuse
      ? madd(true, SACCV, flat(op.get(PA + dr), op.f32Load(), op.f32x4Splat()), flat(op.get(PB), op.f32Load(), op.f32x4Splat()))
      : flat(op.get(SACC), op.get(PA + dr), op.f32Load(), op.get(PB), op.f32Load(), op.f32Mul(), op.f32Add(), op.set(SACC));
    out.push(start(dr, 0, false), fuse ? flat(op.f32x4Splat(), op.set(SACCV)) : op.set(SACC), pointers(dr + 1), op.get(K), op.set(T));
    out.push(
      op.block(), op.get(T), op.i32Eqz(), op.brIf(0), op.loop(),
      step,
      op.get(PA + dr), op.get(SAT4), op.i32Add(), op.set(PA + dr),
      op.get(PB), op.get(LDB4), op.i32Add(), op.set(PB),
      op.get(T), op.i32(1), op.i32Sub(), op.tee(T), op.brIf(0), op.end(), op.end(),
      cAddress(dr, 0), fuse ? flat(op.get(SACCV), op.f32x4ExtractLane(0)) : op.get(SACC), post(dr, 0, false), op.f32Store(),
    );
  }
  return flat(...out);
}

/** while (J + width <= N) { tile; J += width } */
function columnLoop(width: number, tile: number[]): number[] {
  return flat(
    op.block(), op.loop(),
    op.get(J), op.i32(width), op.i32Add(), op.get(N), op.i32GtS(), op.brIf(1),
    tile,
    op.get(J), op.i32(width), op.i32Add(), op.set(J),
    op.br(0), op.end(), op.end(),
  );
}

/** while (R + rows <= M) { J = 0; every column; R += rows } */
function rowLoop(fuse: boolean, rows: number): number[] {
  return flat(
    op.block(), op.loop(),
    op.get(R), op.i32(rows), op.i32Add(), op.get(M), op.i32GtS(), op.brIf(1),
    op.i32(0), op.set(J),
    columnLoop(8, rows === 4 ? fourRowTile(fuse, 2) : vectorTile(fuse, rows, 2)),
    columnLoop(4, rows === 4 ? fourRowTile(fuse, 1) : vectorTile(fuse, rows, 1)),
    columnLoop(1, scalarTile(fuse, rows)),
    op.get(R), op.i32(rows), op.i32Add(), op.set(R),
    op.br(0), op.end(), op.end(),
  );
}

function gemmFunction(fuse: boolean): FunctionDef {
  const body = [
    op.get(SAR), op.i32(2), op.i32Shl(), op.set(SAR4),
    op.get(SAT), op.i32(2), op.i32Shl(), op.set(SAT4),
    op.get(LDB), op.i32(2), op.i32Shl(), op.set(LDB4),
    op.get(LDC), op.i32(2), op.i32Shl(), op.set(LDC4),
    op.i32(0), op.set(R),
    rowLoop(fuse, 4),
    rowLoop(fuse, 1),
  ];
  return { name: 'gemm', params: Array<number>(PARAMS).fill(I32) as FunctionDef['params'], locals: LOCALS, body };
}

export interface GemmKernel {
  memory: WebAssembly.Memory;
  gemm(m: number, n: number, k: number, a: number, sAr: number, sAt: number, b: number, ldb: number, c: number, ldc: number, init: 0 | 1 | 2, bias: number, post: 0 | 1 | 2, mask: number): void;
}

/**
 * Which product runs in this process: 'fma', relaxed SIMD's f32x4.relaxed_madd where this V8
 * accepts it (Node 20 only behind --experimental-wasm-relaxed-simd, which is set here before the
 * first compile; V8 flags are process-wide, so worker threads see it too) and it measured fused on
 * this CPU; otherwise 'simd', a multiply and an add. The two round differently, so a run records
 * which one it used; within one variant every result is bitwise reproducible. MLPIPE_WASM_FMA=0
 * forces 'simd'.
 */
export type GemmVariant = 'fma' | 'simd';

const modules = new Map<GemmVariant, WebAssembly.Module>();
let chosen: GemmVariant | undefined;

function compile(variant: GemmVariant): WebAssembly.Module {
  let module = modules.get(variant);
  if (!module) {
    module = new WebAssembly.Module(moduleBytes([gemmFunction(variant === 'fma')], 1));
    modules.set(variant, module);
  }
  return module;
}

/** Whether relaxed madd rounds once here: (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24 fused, 0 when rounded twice. */
function fusesHere(module: WebAssembly.Module): boolean {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm as GemmKernel['gemm'];
  const f = new Float32Array(memory.buffer);
  const a = 1 + 2 ** -12;
  // A 5 x 9 product with K = 1 goes through the 4 x 8 tile, the 4 x 1 and 1 x 8 edges and the scalar one.
  f.fill(a, 0, 64);
  f.fill(-(1 + 2 ** -11), 64, 80);
  gemm(5, 9, 1, 0, 1, 1, 0, 9, 128 * 4, 9, 2, 64 * 4, 0, 0);
  const out = f.subarray(128, 128 + 45);
  if (out.every((v) => v === 2 ** -24)) return true;
  if (out.every((v) => v === 0)) return false;
  throw new Error(`relaxed madd rounded inconsistently across tiles: ${Array.from(new Set(out)).join(', ')}`);
}

export function gemmVariant(): GemmVariant {
  if (chosen) return chosen;
  chosen = 'simd';
  if (process.env.MLPIPE_WASM_FMA === '0') return chosen;
  const bytes = moduleBytes([gemmFunction(true)], 1);
  if (!WebAssembly.validate(bytes)) setFlagsFromString('--experimental-wasm-relaxed-simd');
  if (!WebAssembly.validate(bytes)) return chosen;
  try {
    if (fusesHere(compile('fma'))) chosen = 'fma';
  } catch {
    // A V8 that validates but cannot compile relaxed SIMD keeps the plain kernel.
  }
  return chosen;
}

/**
 * Makes this thread run `wanted`, the variant its session's main thread chose, or refuses: a shard
 * worker that ran the other kernel would round its shards differently and break the bitwise
 * promise silently. The plain kernel runs everywhere; the fused one only where this thread's own
 * probe found relaxed madd fused.
 */
export function pinGemmVariant(wanted: GemmVariant): void {
  if (gemmVariant() === wanted) return;
  if (wanted === 'fma') throw new Error(`this thread cannot run the session's 'fma' kernel (here the product is '${gemmVariant()}'), so its shards would round differently`);
  chosen = 'simd';
}

/**
 * Where the product runs: 'native', the AVX2 + FMA build of this same kernel (./c/gemm.c, loaded
 * by ./nativeGemm.ts when it was built and the CPU runs it), or 'wasm'. Both take the same steps
 * in the same order for either variant (fused: one FMA per t; plain: a multiply and an add), so
 * they give the same bits; the native one is about twice as fast (256-bit FMA against 128-bit
 * SIMD). A run records which one trained it.
 */
export type GemmImplementation = 'native' | 'wasm';

let implementation: GemmImplementation | undefined;

export function gemmImplementation(): GemmImplementation {
  return (implementation ??= nativeGemm() ? 'native' : 'wasm');
}

/** Makes this thread run `wanted` (a shard worker follows its session; tests compare the two), or refuses when the native kernel is not loadable here. */
export function pinGemmImplementation(wanted: GemmImplementation): void {
  if (wanted === 'native' && !nativeGemm()) throw new Error('this thread cannot load the native matrix kernel the session runs');
  implementation = wanted;
}

/**
 * A digest of the kernel this thread runs (its WebAssembly bytes, and the native module's when it
 * runs that). A shard worker loads its code apart from the main thread (dist/trainWorker.js, or
 * the sources again under tsx), so a stale bundle or a source edited mid-run could give it another
 * kernel: it compares digests first.
 */
export function gemmFingerprint(variant: GemmVariant = gemmVariant(), where: GemmImplementation = gemmImplementation()): string {
  const hash = createHash('sha256').update(moduleBytes([gemmFunction(variant === 'fma')], 1));
  if (where === 'native') hash.update(`native:${nativeGemm()?.digest ?? 'absent'}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles the kernel once per process and instantiates it over a fresh memory of `bytes`; the
 * product runs natively when this thread's implementation is 'native' (on memory.buffer, which
 * stays the same ArrayBuffer: the memory never grows). Tests pass `where` and `variant` to compare
 * kernels; a 'fma' kernel needs gemmVariant() to be 'fma' (relaxed SIMD enabled and fused here).
 */
export function gemmKernel(bytes: number, where: GemmImplementation = gemmImplementation(), variant: GemmVariant = gemmVariant()): GemmKernel {
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(compile(variant), { env: { memory } });
  const native = where === 'native' ? nativeGemm() : undefined;
  if (!native) return { memory, gemm: instance.exports.gemm as GemmKernel['gemm'] };
  const run = native.module.gemm;
  const buffer = memory.buffer;
  const fuse = variant === 'fma' ? 1 : 0;
  return {
    memory,
    gemm: (m, n, k, a, sAr, sAt, b, ldb, c, ldc, init, bias, post, mask) => run(buffer, m, n, k, a, sAr, sAt, b, ldb, c, ldc, init, bias, post, mask, fuse),
  };
}
