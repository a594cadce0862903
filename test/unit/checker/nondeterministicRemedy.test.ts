/**
 * `repro/nondeterministic` advises what makes training repeatable, and only what the check then
 * accepts: `backend = gpu` was told to "set 'deterministic = true'", which is invalid-value there
 * (no GPU backend keeps the promise, and the run refuses it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const ENV = /environment \{[^}]*\}/;
const withEnv = (env: string) => basePipeline().replace(ENV, `environment {\n  lockfile = "package-lock.json"\n${env}}`);
const said = (text: string) => checkText(text).filter((d) => d.code === 'repro/nondeterministic').map((d) => d.message);

describe('the remedy repro/nondeterministic gives', () => {
  it("for 'gpu' is a deterministic backend, not 'deterministic = true' on the GPU", { timeout: 30_000 }, () => {
    assert.deepEqual(said(withEnv('  backend  = gpu\n')), [
      "backend 'gpu' may train on a GPU, whose results vary between runs: pick 'cpu' or 'wasm', with 'deterministic = true' (no GPU backend keeps that promise)",
    ]);
    // What it advises checks clean of it, and of the refusal.
    const text = withEnv('  backend  = wasm\n  deterministic = true\n');
    assert.deepEqual(said(text), []);
    assert.deepEqual(checkText(text).filter((d) => d.code === 'invalid-value' && /deterministic/.test(d.message)), []);
  });

  it("for 'auto' is still 'deterministic = true', which auto keeps by passing over the GPU", { timeout: 30_000 }, () => {
    const text = withEnv('  backend  = auto\n');
    assert.deepEqual(said(text), ["backend 'auto' may train on a GPU, whose results vary between runs: set 'deterministic = true' or pick 'cpu'/'wasm'"]);
    assert.deepEqual(said(edit(text, '  backend  = auto\n', '  backend  = auto\n  deterministic = true\n')), []);
  });
});
