// A network too large for any backend: 'mlpipe check' was clean and 'mlpipe run' stopped with an
// internal error (exit 70, 'Invalid typed array length: 4296343553') once training allocated it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, cli } from './harness.js';

const PIPELINE = `pipeline big

data t {
  source = "t.csv"
  key    = id
  target = y
}

split {
  test = 0.25
  seed = 1
}

feature a = standardize(x)

model m {
  kind   = mlp
  inputs = [a]
  layers = [65536, 65536]
  epochs = 1
  seed   = 1
}

environment {
  lockfile      = "package-lock.json"
  backend       = cpu
  deterministic = true
}
`;

describe("a model too large to train ('layers = [65536, 65536]')", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-big-'));
    const rows = Array.from({ length: 40 }, (_, i) => `r${i},${(i * 7) % 13},${(i * 3.1) % 5}`);
    writeFileSync(join(dir, 't.csv'), `id,x,y\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'package.json'), '{}\n');
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(dir, 'big.mlpipe'), PIPELINE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is an error of check and a refusal of run (exit 1) naming the weights, not an internal error', () => {
    const check = cli(['check', 'big.mlpipe'], { cwd: dir });
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /big\.mlpipe:\d+:\d+ {2}error {2}invalid-value {2}'layers' \[65536, 65536\] make at least 4,295,229,441 weights, more than the 100,000,000 a model may have/);
    const run = cli(['run', 'big.mlpipe'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(run.stderr, /'layers' \[65536, 65536\] make at least 4,295,229,441 weights/);
  });

  it("a batch too large for the wasm engine's memory, with few weights, is a refusal naming batch_size", () => {
    // 15,000 training rows at once through 65,536 units: 1.2 million weights, but 11 GiB of
    // activations, where one WebAssembly memory holds 4 GiB. It was an internal error (exit 70,
    // 'WebAssembly.Memory(): Property 'initial': value … is above the upper bound 65536').
    const rows = Array.from({ length: 20_000 }, (_, i) => `r${i},${(i * 7) % 13},${(i * 3.1) % 5}`);
    writeFileSync(join(dir, 'wide.csv'), `id,x,y\n${rows.join('\n')}\n`);
    const text = PIPELINE.replace('"t.csv"', '"wide.csv"').replace('layers = [65536, 65536]', 'layers     = [65536]\n  batch_size = 20000').replace('backend       = cpu', 'backend       = wasm');
    writeFileSync(join(dir, 'wide.mlpipe'), text);
    const run = cli(['run', 'wide.mlpipe'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /batch_size: 15,000 rows at a time through layers up to 65,536 wide need [0-9.]+ GiB of the wasm engine's memory, more than the 4 GiB it can hold: lower batch_size or narrow the layers/);
  });

  it("a batch the cpu engine cannot get the memory for is a refusal naming batch_size, not an internal error", () => {
    // tfjs allocates each activation as it goes: 15,000 rows through [65536] ask for 3.9 GB at
    // once. Under a 3 GB address-space limit (a small machine, a container) it was exit 70,
    // 'internal error … RangeError: Array buffer allocation failed'.
    const rows = Array.from({ length: 20_000 }, (_, i) => `r${i},${(i * 7) % 13},${(i * 3.1) % 5}`);
    writeFileSync(join(dir, 'wide.csv'), `id,x,y\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'cpu.mlpipe'), PIPELINE.replace('"t.csv"', '"wide.csv"').replace('layers = [65536, 65536]', 'layers     = [65536]\n  batch_size = 20000'));
    const run = spawnSync('bash', ['-c', `ulimit -v 3000000 && exec "${process.execPath}" "${CLI}" run cpu.mlpipe`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /batch_size: 15,000 rows at a time through layers up to 65,536 wide need more memory than this machine gave the cpu engine \(Array buffer allocation failed\): lower batch_size or narrow the layers/);
    assert.doesNotMatch(run.stderr, /internal error/);
  });
});
