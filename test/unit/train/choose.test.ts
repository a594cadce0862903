import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { architecture, chooseBackend, selectBackend, train, type ModelShape, type StepTiming } from '../../../server/backend/train/index.js';
import { binaryProblem } from './helpers/synthetic.js';

// Software WebGPU counts as a candidate here: a GPU that is slower for this model must lose.
process.env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';

const p = binaryProblem(2048, 20, 4);
const shape: ModelShape = { spec: architecture({ ...p, task: 'binary', kind: 'mlp', layers: [64, 32] }), batchSize: 512 };

function temp(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-choose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'timings.json');
}

const cachedTimings = (file: string): { chosen: string; timings: StepTiming[] } => Object.values(JSON.parse(readFileSync(file, 'utf8')).entries)[0] as never;

test("'auto' times a step of the model on every working backend, picks the fastest and caches it", async (t) => {
  const file = temp(t);
  const info = await chooseBackend('auto', { shape, cacheFile: file });
  if (!info.tried.some((x) => x.name === 'webgpu' && x.ok)) {
    // Only one backend worth timing here (no WebGPU, not even llvmpipe): nothing to measure.
    assert.equal(info.name, 'wasm');
    assert.match(info.reason, /only backend worth timing/);
    return;
  }
  const { chosen, timings } = cachedTimings(file);
  assert.equal(info.name, chosen);
  const timed = timings.filter((x) => x.ms !== undefined);
  assert.ok(timed.length >= 1, JSON.stringify(timings));
  assert.ok(timings.some((x) => x.name === 'wasm' && x.ms! > 0), JSON.stringify(timings));
  assert.ok(timings.some((x) => x.name === 'cpu' && /not timed/.test(x.note!)), JSON.stringify(timings));
  assert.equal(chosen, [...timed].sort((a, b) => a.ms! - b.ms!)[0].name, 'the choice is the fastest measured');
  assert.match(info.reason, new RegExp(`${chosen} trains this model fastest here, measured a step at batch 512: `));

  const again = await chooseBackend('auto', { shape, cacheFile: file });
  assert.equal(again.name, chosen);
  assert.match(again.reason, /\(cached\)$/);
});

test('the wasm engine beats tfjs cpu over whole epochs: the rule that lets auto skip timing cpu', async () => {
  const epochSeconds = async (backend: 'cpu' | 'wasm') => {
    await selectBackend(backend);
    const model = await train({ ...p, task: 'binary', kind: 'mlp', layers: [64, 32], batchSize: 512, epochs: 2, seed: 1 });
    model.dispose();
    return model.history[1].seconds;
  };
  const seconds = { wasm: await epochSeconds('wasm'), cpu: await epochSeconds('cpu') };
  assert.ok(seconds.wasm < seconds.cpu, `epochs took ${JSON.stringify(seconds)}`);
});

test("'auto' with deterministic considers only the backends that promise bitwise-identical weights", async () => {
  const info = await chooseBackend('auto', { shape, deterministic: true });
  assert.equal(info.name, 'wasm');
  assert.ok(info.deterministic);
  assert.ok(info.tried.some((x) => x.name === 'webgpu' && /no bitwise-reproducibility promise/.test(x.reason ?? '')));
  assert.match(info.reason, /only backend worth timing here among the backends that promise bitwise-identical weights \(deterministic = true\); cpu not timed/);
});

test('a damaged cache is measured again and rewritten', async (t) => {
  const file = temp(t);
  writeFileSync(file, '{ not json');
  const info = await chooseBackend('auto', { shape, cacheFile: file });
  assert.doesNotMatch(info.reason, /cached/);
  if (info.tried.some((x) => x.name === 'webgpu' && x.ok)) assert.equal(cachedTimings(file).chosen, info.name);
});

test('a named backend is taken as asked, without timing', async () => {
  const info = await chooseBackend('cpu', { shape });
  assert.equal(info.name, 'cpu');
  assert.equal(info.reason, "'cpu' was requested");
});
