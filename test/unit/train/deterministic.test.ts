import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DETERMINISTIC, deterministicRequests, NoBackendError, selectBackend, selectedBackend } from '../../../server/backend/train/index.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { PipelineError } from '../../../server/backend/pipeline/errors.js';
import { openStore } from '../../../server/backend/tracking/store.js';

// Software WebGPU counts here, so `auto` has a GPU backend to pass over when one can start.
process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';

test('each backend states whether it promises bitwise-identical weights', () => {
  assert.deepEqual(DETERMINISTIC, { tensorflow: false, webgpu: false, wasm: true, cpu: true });
  assert.deepEqual(deterministicRequests(), ['cpu', 'wasm']);
});

test("'gpu' with deterministic is refused without probing, naming the backends that qualify", async () => {
  await selectBackend('cpu');
  await assert.rejects(selectBackend('gpu', { deterministic: true }), (e: unknown) => {
    assert.ok(e instanceof NoBackendError, String(e));
    assert.equal(e.message, "backend 'gpu' cannot keep 'deterministic = true': no GPU backend promises bitwise-identical weights; the backends that do are 'cpu', 'wasm'");
    assert.deepEqual(e.tried.map((t) => t.name), ['tensorflow', 'webgpu']);
    return true;
  });
  assert.equal(selectedBackend(), 'cpu');
});

test("'auto' with deterministic passes over the GPU backends and says why", async () => {
  const info = await selectBackend('auto', { deterministic: true });
  assert.ok(info.deterministic, info.name);
  assert.ok(DETERMINISTIC[info.name]);
  assert.deepEqual(info.tried.slice(0, 2).map((t) => [t.name, t.ok]), [['tensorflow', false], ['webgpu', false]]);
  for (const t of info.tried.slice(0, 2)) assert.match(t.reason!, /no bitwise-reproducibility promise/);
  assert.match(info.reason, /deterministic/);
});

test("'cpu' and 'wasm' keep deterministic; a plain request still reports the promise", async () => {
  for (const name of ['cpu', 'wasm'] as const) {
    const info = await selectBackend(name, { deterministic: true });
    assert.equal(info.name, name);
    assert.equal(info.deterministic, true);
    assert.equal((await selectBackend(name)).deterministic, true);
  }
});

test('a GPU backend that starts here reports that it makes no promise', async (t) => {
  let info;
  try {
    info = await selectBackend('gpu');
  } catch (e) {
    t.skip(`no GPU backend here, not even software WebGPU: ${(e as Error).message}`);
    return;
  }
  assert.equal(info.kind, 'gpu');
  assert.equal(info.deterministic, false);
});

// The pipeline runner honours the environment block: the same fixture chain as the checker tests.
const FIXTURES = resolve(__dirname, '../../fixtures/pipelines');

function workspace(environment: string): { dir: string; file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-det-'));
  cpSync(join(FIXTURES, 'data'), join(dir, 'data'), { recursive: true });
  cpSync(join(FIXTURES, 'requirements.txt'), join(dir, 'requirements.txt'));
  const text = readFileSync(join(FIXTURES, 'clean.mlpipe'), 'utf8').replace(/environment \{[^}]*\}/, environment);
  assert.ok(text.includes(environment));
  const file = join(dir, 'clean.mlpipe');
  writeFileSync(file, text);
  return { dir, file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test("a run with backend = gpu and deterministic = true is refused by its check, in the engine's words, with the backends that qualify", async () => {
  const ws = workspace('environment {\n  lockfile      = "requirements.txt"\n  backend       = gpu\n  deterministic = true\n}');
  try {
    await assert.rejects(runPipeline({ file: ws.file, root: ws.dir, register: false }), (e: unknown) => {
      assert.ok(e instanceof PipelineError, String(e));
      assert.deepEqual(
        e.diagnostics?.map((d) => `${d.code}: ${d.message}`),
        ["invalid-value: backend 'gpu' cannot keep 'deterministic = true': no GPU backend promises bitwise-identical weights; the backends that do are 'cpu', 'wasm'"],
      );
      return true;
    });
  } finally {
    ws.dispose();
  }
});

test('a run with backend = auto and deterministic = true repeats bitwise and records why it chose', async () => {
  const ws = workspace('environment {\n  lockfile      = "requirements.txt"\n  backend       = auto\n  deterministic = true\n}');
  try {
    const first = await runPipeline({ file: ws.file, root: ws.dir, register: false });
    const second = await runPipeline({ file: ws.file, root: ws.dir, register: false });
    assert.ok(DETERMINISTIC[first.backend as keyof typeof DETERMINISTIC], first.backend);
    assert.equal(second.backend, first.backend);
    assert.equal(second.weightsHash, first.weightsHash);
    assert.match(first.backendReason, /deterministic/);
    // Trained on one thread, and recorded so (two-thread wasm runs once failed to repeat).
    const store = openStore(ws.dir);
    try {
      for (const r of [first, second]) assert.equal(store.getRun(r.runId)!.environment!.backend!.threads, 1);
    } finally {
      store.close();
    }
  } finally {
    ws.dispose();
  }
});

test("'mlpipe run --backend gpu' on a file with deterministic = true is refused, naming the backends that qualify", async () => {
  // The file's own backend (cpu) passes the check; the command line's request must still keep the promise.
  const ws = workspace('environment {\n  lockfile      = "requirements.txt"\n  backend       = cpu\n  deterministic = true\n}');
  try {
    await assert.rejects(runPipeline({ file: ws.file, root: ws.dir, register: false, backend: 'gpu' }), (e: unknown) => {
      assert.ok(e instanceof NoBackendError, String(e));
      assert.match(e.message, /^backend 'gpu' cannot keep 'deterministic = true': .* the backends that do are 'cpu', 'wasm'$/);
      return true;
    });
    // Refused before any work: no run was recorded (it used to load the data and compute the features first).
    const store = openStore(ws.dir);
    try {
      assert.deepEqual(store.listRuns(), []);
    } finally {
      store.close();
    }
  } finally {
    ws.dispose();
  }
});
