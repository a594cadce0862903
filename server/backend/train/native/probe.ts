/** Whether the `wasm` engine runs here: compiles the kernel and checks one small product. */
import { gemmImplementation, gemmKernel, gemmVariant } from './gemm.js';

/**
 * Recorded in the run's environment: the fused kernel rounds differently from the plain one, and
 * the product runs natively (AVX2 + FMA, the same steps, so the same bits) where that was built.
 */
export function nativeEngineVersion(): string {
  const product = gemmVariant() === 'fma' ? 'WebAssembly relaxed SIMD, fused multiply-add' : 'WebAssembly SIMD';
  return `mlpipe-dense-wasm/2 (${product}${gemmImplementation() === 'native' ? '; matrix product native AVX2+FMA' : ''})`;
}

export function probeNativeEngine(): void {
  const k = gemmKernel(4096);
  const f = new Float32Array(k.memory.buffer);
  // [1 2 3; 4 5 6] . [1 2; 3 4; 5 6] = [22 28; 49 64], through the vector and the scalar paths.
  f.set([1, 2, 3, 4, 5, 6], 0);
  f.set([1, 2, 3, 4, 5, 6], 8);
  k.gemm(2, 2, 3, 0, 3, 1, 32, 2, 64, 2, 0, 0, 0, 0);
  const got = Array.from(f.subarray(16, 20));
  if (got.join() !== '22,28,49,64') throw new Error(`the WebAssembly kernel computed ${got.join(', ')} instead of 22, 28, 49, 64`);
}
