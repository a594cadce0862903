/**
 * The optional native build of the wasm engine's matrix product (./c/gemm.c, AVX2 + FMA), found
 * where scripts/build-native.mjs puts it: dist/native/mlpipe-gemm.node. It computes exactly what
 * the WebAssembly kernel computes (the same steps in the same order), on the same memory, so the
 * engine uses it when it is there and the CPU runs it, and the WebAssembly kernel otherwise.
 * MLPIPE_NATIVE_GEMM=0 keeps the WebAssembly kernel.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_GEMM_FILE = 'mlpipe-gemm.node';

export interface NativeGemmModule {
  available: boolean;
  /** gemm.ts's contract on `buffer` (byte offsets), plus `fuse`: 1 for the 'fma' variant's steps, 0 for the plain one's. */
  gemm?(buffer: ArrayBuffer, m: number, n: number, k: number, a: number, sAr: number, sAt: number, b: number, ldb: number, c: number, ldc: number, init: number, bias: number, post: number, mask: number, fuse: number): void;
  /** dest row k = x row order[start + k] for k < n (rows of `cols` floats), prefetching the rows ahead: the batch gather, a copy. */
  gather?(x: Float32Array, order: Int32Array, start: number, n: number, cols: number, dest: Float32Array): void;
}

export interface NativeGemm {
  module: Required<NativeGemmModule>;
  file: string;
  /** A digest of the module's bytes: shard workers check they loaded the same one. */
  digest: string;
}

/** Where the build puts the module, seen from each place this code runs: dist/*.js, dist/cli/*.js, or the sources. */
export function nativeGemmCandidates(dir: string = __dirname): string[] {
  return [join(dir, 'native', NATIVE_GEMM_FILE), join(dir, '..', 'native', NATIVE_GEMM_FILE), join(dir, '..', '..', '..', '..', 'dist', 'native', NATIVE_GEMM_FILE)];
}

let loaded: { value: NativeGemm | undefined; why: string } | undefined;

/** The module, or undefined with the reason (absent, disabled, this CPU lacks AVX2/FMA, failed to load). */
export function nativeGemm(): NativeGemm | undefined {
  return loadNativeGemm().value;
}

export function nativeGemmStatus(): string {
  return loadNativeGemm().why;
}

function loadNativeGemm(): { value: NativeGemm | undefined; why: string } {
  if (loaded) return loaded;
  if (process.env.MLPIPE_NATIVE_GEMM === '0') return (loaded = { value: undefined, why: 'disabled by MLPIPE_NATIVE_GEMM=0' });
  const file = nativeGemmCandidates().find((p) => existsSync(p));
  if (!file) return (loaded = { value: undefined, why: 'not built' });
  try {
    // process.dlopen, not require: the bundler must not try to follow a path known only at run time.
    const holder = { exports: {} as NativeGemmModule };
    process.dlopen(holder, file);
    const module = holder.exports;
    if (!module.available || typeof module.gemm !== 'function') return (loaded = { value: undefined, why: 'this CPU lacks AVX2 or FMA' });
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    return (loaded = { value: { module: module as Required<NativeGemmModule>, file, digest }, why: `loaded from ${file}` });
  } catch (e) {
    return (loaded = { value: undefined, why: `failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
  }
}
