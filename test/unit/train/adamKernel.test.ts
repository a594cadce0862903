import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmAdam } from '../../../server/backend/train/native/adamKernel.js';
import { flatOptimizer } from '../../../server/backend/train/native/optimizers.js';
import { SHARDS, reduceShards } from '../../../server/backend/train/native/shards.js';

// The wasm pass must be the JS reduction and Adam bitwise: runs repeat across engine versions only if so.
for (const size of [1, 2, 7, 1001]) {
  test(`the WebAssembly shard sum and Adam step equal the JS ones bitwise (${size} weights, 30 steps)`, () => {
    const js = flatOptimizer('adam', 0.003, size);
    const wasm = wasmAdam(0.003, size, SHARDS);
    const a = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.7));
    const b = Float32Array.from(a);
    const sum = new Float32Array(size);
    for (let step = 0; step < 30; step++) {
      // Gradients over many magnitudes, some exactly zero, so the sums and the moments round.
      for (let i = 0; i < SHARDS * size; i++) wasm.grads[i] = i % 11 === 0 ? 0 : Math.fround(Math.cos(i * 1.3 + step) * 10 ** ((i % 9) - 8));
      reduceShards(wasm.grads, size, sum);
      js.step(a, sum);
      wasm.step(b);
      assert.deepEqual(b, a, `step ${step}`);
    }
    assert.ok(a.some((w, i) => w !== Math.fround(Math.sin(i * 0.7))), 'the weights moved');
  });
}
