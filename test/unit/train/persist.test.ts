import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModel, ModelFileError, saveModel, selectBackend, train, weightsHash } from '../../../server/backend/train/index.js';
import { CHILD_PROBLEM, childTrainInput } from './helpers/child.js';
import { multiclassProblem } from './helpers/synthetic.js';

const run = promisify(execFile);
const CHILD = resolve(__dirname, 'helpers/child.ts');

async function tempDir(t: { after: (f: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mlpipe-train-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const bytesOf = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('a saved model loads with the same weights and bitwise-identical predictions, here and in another process', async (t) => {
  await selectBackend('wasm');
  const dir = await tempDir(t);
  const model = await train(childTrainInput(3));
  const p = CHILD_PROBLEM();
  const before = await model.predict(p.x, p.rows);
  const hash = await saveModel(dir, model);
  assert.equal(hash, weightsHash(await model.weights()));
  model.dispose();

  const loaded = await loadModel(dir);
  assert.equal(weightsHash(await loaded.weights()), hash);
  assert.deepEqual(loaded.spec, model.spec);
  assert.equal(loaded.seed, 3);
  assert.equal(loaded.history.length, 3);
  assert.ok(bytesOf(await loaded.predict(p.x, p.rows)).equals(bytesOf(before)));
  loaded.dispose();

  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, 'predict', 'wasm', dir], { timeout: 60_000 });
  assert.ok(Buffer.from(stdout.trim(), 'base64').equals(bytesOf(before)), 'predictions in another process differ');
});

test('a multiclass model round-trips too', async (t) => {
  await selectBackend('cpu');
  const dir = await tempDir(t);
  const p = multiclassProblem(300);
  const model = await train({ ...p, task: 'multiclass', classes: 3, kind: 'mlp', layers: [8], epochs: 2, seed: 1 });
  const before = await model.predict(p.x, p.rows);
  await saveModel(dir, model);
  model.dispose();
  const loaded = await loadModel(dir);
  assert.ok(bytesOf(await loaded.predict(p.x, p.rows)).equals(bytesOf(before)));
  loaded.dispose();
});

test('a damaged or missing model file is refused by name', async (t) => {
  await selectBackend('cpu');
  const dir = await tempDir(t);
  const model = await train({ ...childTrainInput(1), epochs: 1 });
  await saveModel(dir, model);
  model.dispose();
  const weights = join(dir, 'weights.bin');
  const bytes = await readFile(weights);

  bytes[10] ^= 0xff;
  await writeFile(weights, bytes);
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ModelFileError && e.file === weights && /does not match/.test(e.message));

  await writeFile(weights, bytes.subarray(0, 100));
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ModelFileError && /100 bytes, expected/.test(e.message));

  await writeFile(join(dir, 'model.json'), '{"format": "other"}');
  await assert.rejects(loadModel(dir), (e: unknown) => e instanceof ModelFileError && /unknown format "other"/.test(e.message));

  await assert.rejects(loadModel(join(dir, 'nowhere')), (e: unknown) => e instanceof ModelFileError && /cannot read \(ENOENT\)/.test(e.message));
});
