/**
 * A small WebAssembly binary writer: just the sections and instructions the dense kernels use
 * (i32 and f32 arithmetic, loops, loads and stores, and 128-bit SIMD on f32x4). There is no
 * compiler toolchain in the build (no emscripten, no wabt), and the kernels are small enough
 * that writing their bytes from TypeScript keeps them readable and versioned with the engine.
 * Encoding: https://webassembly.github.io/spec/core/binary/ and the SIMD proposal's opcodes.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instruction bytes. Memory operands take a byte offset; alignment is the natural one. */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  if: (): number[] => [0x04, 0x40],
  /** An if/else that leaves one value of `type` on the stack. */
  ifValue: (type: ValType): number[] => [0x04, type],
  else: (): number[] => [0x05],
  end: (): number[] => [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  i32: (v: number): number[] => [0x41, ...sleb(v | 0)],
  f32: (v: number): number[] => {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return [0x43, ...b];
  },
  f32Load: (offset = 0): number[] => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0): number[] => [0x38, 2, ...uleb(offset)],
  i32Eqz: (): number[] => [0x45],
  i32Eq: (): number[] => [0x46],
  i32LtS: (): number[] => [0x48],
  i32GtS: (): number[] => [0x4a],
  i32LeS: (): number[] => [0x4c],
  i32GeS: (): number[] => [0x4e],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32Shl: (): number[] => [0x74],
  f32Add: (): number[] => [0x92],
  f32Mul: (): number[] => [0x94],
  v128Load: (offset = 0): number[] => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  f32x4Splat: (): number[] => [0xfd, ...uleb(0x13)],
  /** v128.load32_splat: one f32 from memory into all four lanes (a broadcast load, no shuffle). */
  v128Load32Splat: (offset = 0): number[] => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  /** i8x16.shuffle of the two vectors on the stack by 16 byte indices. */
  i8x16Shuffle: (lanes: number[]): number[] => [0xfd, ...uleb(0x0d), ...lanes],
  f32x4ExtractLane: (lane: number): number[] => [0xfd, ...uleb(0x1f), lane],
  f32x4Add: (): number[] => [0xfd, ...uleb(0xe4)],
  f32x4Mul: (): number[] => [0xfd, ...uleb(0xe6)],
  /** Relaxed SIMD: a * b + c for a, b, c on the stack, fused or not as the CPU does it. */
  f32x4RelaxedMadd: (): number[] => [0xfd, ...uleb(0x105)],
  f32x4Max: (): number[] => [0xfd, ...uleb(0xe9)],
  f32x4Gt: (): number[] => [0xfd, ...uleb(0x44)],
  v128And: (): number[] => [0xfd, ...uleb(0x4e)],
  f32Max: (): number[] => [0x97],
  f32Gt: (): number[] => [0x5e],
  select: (): number[] => [0x1b],
  /** v128.load64_zero: two f32 into lanes 0 and 1, zeros above. */
  v128Load64Zero: (offset = 0): number[] => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)],
  /** v128.store64_lane 0: lanes 0 and 1 as f32 (the low 8 bytes). */
  v128Store64Lane0: (offset = 0): number[] => [0xfd, ...uleb(0x5b), 3, ...uleb(offset), 0],
  f64x2Splat: (): number[] => [0xfd, ...uleb(0x14)],
  f64x2PromoteLowF32x4: (): number[] => [0xfd, ...uleb(0x5f)],
  f32x4DemoteF64x2Zero: (): number[] => [0xfd, ...uleb(0x5e)],
  f64x2Sqrt: (): number[] => [0xfd, ...uleb(0xef)],
  f64x2Add: (): number[] => [0xfd, ...uleb(0xf0)],
  f64x2Sub: (): number[] => [0xfd, ...uleb(0xf1)],
  f64x2Mul: (): number[] => [0xfd, ...uleb(0xf2)],
  f64x2Div: (): number[] => [0xfd, ...uleb(0xf3)],
  f64: (v: number): number[] => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)],
  v128Zero: (): number[] => [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
};

export interface FunctionDef {
  name: string;
  params: ValType[];
  /** Locals after the parameters, in index order. */
  locals: ValType[];
  body: number[][];
}

/** A module that imports its memory as env.memory and exports each function by name. */
export function moduleBytes(functions: FunctionDef[], minPages: number): Uint8Array<ArrayBuffer> {
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0])));
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]]));
  const funcs = section(3, vec(functions.map((_, i) => uleb(i))));
  const exports = section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])));
  const code = section(
    10,
    vec(
      functions.map((f) => {
        const locals = vec(f.locals.map((t) => [1, t]));
        const body = [...locals, ...f.body.flat(), 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
