import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deterministicProblem } from '../../../server/mlpipe/language/backendPromises.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withBackend = (backend: string, deterministic: string) => edit(basePipeline(), '  backend       = cpu\n  deterministic = true', `  backend       = ${backend}\n  deterministic = ${deterministic}`);
const refused = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && /cannot keep 'deterministic = true'/.test(d.message));

test("backend = gpu with deterministic = true is invalid-value on the backend, in the engine's words, with a fix to wasm", () => {
  const text = withBackend('gpu', 'true');
  const ds = refused(text);
  assert.equal(ds.length, 1);
  assert.equal(text.slice(ds[0].start, ds[0].end), 'gpu');
  // One message for the checker and the engine's refusal (selectBackend throws deterministicProblem's words).
  assert.equal(ds[0].message, deterministicProblem('gpu'));
  assert.equal(ds[0].message, "backend 'gpu' cannot keep 'deterministic = true': no GPU backend promises bitwise-identical weights; the backends that do are 'cpu', 'wasm'");
  assert.deepEqual(ds[0].data, { fix: 'did-you-mean', name: 'wasm' });
  assert.deepEqual(checkText(withBackend('wasm', 'true')).filter((d) => d.severity === 'error'), [], 'the fixed file is clean of errors');
});

test('backends that can keep the promise, and gpu without it, are not refused', () => {
  for (const [backend, det] of [
    ['cpu', 'true'],
    ['wasm', 'true'],
    ['auto', 'true'],
    ['gpu', 'false'],
  ])
    assert.deepEqual(refused(withBackend(backend, det)), [], `${backend} with deterministic = ${det}`);
  // Without a backend line the request is auto, which can keep it.
  assert.deepEqual(refused(edit(basePipeline(), '  backend       = cpu\n', '')), []);
});
