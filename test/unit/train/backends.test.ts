import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoBackendError, selectBackend, selectedBackend } from '../../../server/backend/train/index.js';

// Software WebGPU must not count as a GPU here; the opt-in path has its own test file.
delete process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE;

test('cpu and wasm are always available and say what they are', async () => {
  const cpu = await selectBackend('cpu');
  assert.equal(cpu.name, 'cpu');
  assert.equal(cpu.kind, 'cpu');
  assert.match(cpu.versions.tfjs, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(cpu.tried, [{ name: 'cpu', ok: true }]);
  const wasm = await selectBackend('wasm');
  assert.equal(wasm.name, 'wasm');
  assert.equal(selectedBackend(), 'wasm');
  // Not a tfjs backend: mlpipe's own WebAssembly SIMD engine.
  assert.match(wasm.versions.backend, /^mlpipe-dense-wasm\/\d+ /);
  assert.equal(wasm.deterministic, true);
});

test('gpu uses a real GPU or fails listing everything it tried', async () => {
  try {
    const info = await selectBackend('gpu');
    // Only on a machine with CUDA or a hardware WebGPU adapter.
    assert.equal(info.kind, 'gpu');
    assert.ok(info.adapter && !/llvmpipe|lavapipe|swiftshader/i.test(info.adapter), info.adapter);
  } catch (e) {
    assert.ok(e instanceof NoBackendError, String(e));
    assert.deepEqual(e.tried.map((t) => t.name), ['tensorflow', 'webgpu']);
    for (const t of e.tried) {
      assert.equal(t.ok, false);
      assert.ok(t.reason && t.reason.length > 0);
    }
    assert.match(e.message, /no usable backend for 'gpu': tensorflow: .+; webgpu: .+/);
    // A failed request leaves the previously selected backend in place.
    assert.equal(selectedBackend(), 'wasm');
  }
});

test('auto falls through the list in order and reports each attempt', async () => {
  const info = await selectBackend('auto');
  const names = info.tried.map((t) => t.name);
  assert.deepEqual(names, ['tensorflow', 'webgpu', 'wasm', 'cpu'].slice(0, names.length));
  assert.equal(info.tried.at(-1)!.ok, true);
  assert.equal(info.tried.at(-1)!.name, info.name);
  assert.ok(info.tried.slice(0, -1).every((t) => !t.ok && t.reason));
});

test('an unknown request is refused', async () => {
  await assert.rejects(selectBackend('tpu' as never), /unknown backend 'tpu'/);
});
