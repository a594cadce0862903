import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interruptionPoint, predictInSlices, ROWS_PER_SLICE } from '../../../server/backend/interruptible.js';
import { DenseForward } from '../../../server/backend/serve/forward.js';
import { initialWeights } from '../../../server/backend/train/init.js';
import { modelFromWeights } from '../../../server/backend/train/persist.js';
import { architecture } from '../../../server/backend/train/spec.js';
import { weightSpecs } from '../../../server/backend/train/specs.js';
import type { TrainInput } from '../../../server/backend/train/types.js';

const ROWS = 2 * ROWS_PER_SLICE + 1234;
const COLS = 7;
const x = Float32Array.from({ length: ROWS * COLS }, (_, i) => Math.sin(i * 0.37) * 3);
const spec = architecture({ task: 'multiclass', classes: 3, kind: 'mlp', layers: [16, 8], cols: COLS, rows: ROWS, x, y: new Float32Array(ROWS) } as TrainInput);
const snapshot = { specs: weightSpecs(spec), data: initialWeights(spec, 7) };
const nowhere = interruptionPoint(undefined, 'nowhere');

test('scoring in slices gives the very values of one pass, on the wasm engine, tfjs and the serving forward pass', async () => {
  const engines = [modelFromWeights(spec, snapshot, 'wasm', 7, []), modelFromWeights(spec, snapshot, 'cpu', 7, [])];
  const forward = new DenseForward(spec, snapshot);
  const predicts = [...engines.map((m) => (v: Float32Array, n: number) => m.predict(v, n)), (v: Float32Array, n: number) => forward.predict(v, n)];
  for (const predict of predicts) {
    let calls = 0;
    const sliced = await predictInSlices((v, n) => (calls++, predict(v, n)), x, ROWS, COLS, nowhere);
    assert.equal(calls, 3);
    assert.equal(sliced.length, ROWS * 3);
    assert.deepEqual(sliced, await predict(x, ROWS));
  }
  for (const m of engines) m.dispose();
});

test('an interrupt that arrives while many rows are scored stops it at the next slice, as an interrupted run', async () => {
  const controller = new AbortController();
  let calls = 0;
  const predict = (_: Float32Array, n: number) => {
    // The second slice is when the user pressed Ctrl-C: the signal fires from the event loop.
    if (++calls === 2) setImmediate(() => controller.abort());
    // A slice of a large model: longer than the 50 ms after which a pause lets the loop turn.
    const until = performance.now() + 60;
    while (performance.now() < until);
    return new Float32Array(n);
  };
  await assert.rejects(
    predictInSlices(predict, new Float32Array(10 * ROWS_PER_SLICE), 10 * ROWS_PER_SLICE, 1, interruptionPoint(controller.signal, 'while evaluating on the test split')),
    (e: Error) => e.name === 'AbortError' && e.message === 'interrupted while evaluating on the test split',
  );
  assert.equal(calls, 2, 'no slice after the interrupt');
});

test('rows that fit one slice are scored in one call', async () => {
  let calls = 0;
  const out = await predictInSlices((v, n) => (calls++, new Float32Array(n)), x, ROWS_PER_SLICE, COLS, nowhere);
  assert.equal(calls, 1);
  assert.equal(out.length, ROWS_PER_SLICE);
});
