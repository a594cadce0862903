import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { selectBackend, train, weightsHash } from '../../../server/backend/train/index.js';
import { childTrainInput } from './helpers/child.js';

const run = promisify(execFile);
const CHILD = resolve(__dirname, 'helpers/child.ts');

async function hashHere(seed: number, shuffle = true): Promise<string> {
  const model = await train({ ...childTrainInput(seed), shuffle });
  try {
    return weightsHash(await model.weights());
  } finally {
    model.dispose();
  }
}

async function hashInChild(backend: string, seed: number): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, 'train', backend, String(seed)], { timeout: 60_000 });
  return stdout.trim();
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: the same seed gives bitwise-identical weights, in this process and in another`, async () => {
    const child = hashInChild(backend, 42);
    await selectBackend(backend);
    const first = await hashHere(42);
    const second = await hashHere(42);
    assert.match(first, /^sha256:[0-9a-f]{64}$/);
    assert.equal(second, first);
    assert.equal(await child, first);
  });

  test(`${backend}: a different seed or no shuffling gives different weights`, async () => {
    await selectBackend(backend);
    const base = await hashHere(42);
    assert.notEqual(await hashHere(43), base);
    assert.notEqual(await hashHere(42, false), base);
  });
}

// The wasm engine cuts every batch into the same fixed shards whatever the thread count, and sums
// their gradients in shard order, so threads change the speed and never the weights.
test('wasm: one, two and three threads give bitwise-identical weights', async () => {
  await selectBackend('wasm');
  const hashes: string[] = [];
  for (const threads of [1, 2, 3]) {
    const model = await train({ ...childTrainInput(42), threads });
    hashes.push(weightsHash(await model.weights()));
    model.dispose();
  }
  assert.equal(hashes[1], hashes[0]);
  assert.equal(hashes[2], hashes[0]);
});
