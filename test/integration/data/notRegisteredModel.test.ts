/**
 * `mlpipe run --model NAME` for a model no `register` block takes, in a pipeline that registers
 * another: the gates pass and nothing is registered, and the summary said only "registered
 * nothing", as if a gate or the registry had failed silently. It says which block takes what.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from './tinyProject.js';
import { jsonOfRun, summary } from '../../../server/cli/commands/run.js';

const PIPELINE = `pipeline two_models

${TINY_BLOCKS}
model b {
  kind   = linear
  task   = classification
  inputs = [fx]
  epochs = 2
  seed   = 1
}

${tinyRegistering()}`;

test('a run of a model no register block takes says so beside "registered nothing"', { timeout: 60_000 }, async () => {
  const dir = tinyProject('mlpipe-notreg-');
  try {
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    const other = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, model: 'b' });
    assert.equal(other.gates.passed, true);
    assert.equal(other.registered, null);
    assert.equal(other.notRegistered, "no register block takes model 'b' ('a_model' registers 'a')");
    assert.equal(jsonOfRun(other).notRegistered, other.notRegistered);
    assert.match(summary(other, false), /registered nothing: no register block takes model 'b' \('a_model' registers 'a'\)\n$/);
    // The registered model itself registers, with no such note.
    const taken = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, model: 'a' });
    assert.equal(taken.registered?.name, 'a_model');
    assert.equal(taken.notRegistered, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a passing run of a pipeline with no register block says so, with how to register it by hand', { timeout: 60_000 }, async () => {
  const dir = tinyProject('mlpipe-noreg-');
  try {
    writeFileSync(join(dir, 'p.mlpipe'), `pipeline no_register\n\n${TINY_BLOCKS}\nevaluate {\n  require accuracy >= 0.01\n}\n`);
    const r = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir });
    assert.equal(r.gates.passed, true);
    assert.equal(r.registered, null);
    assert.equal(r.notRegistered, `the pipeline has no 'register' block ('mlpipe register NAME ${r.runId}' registers this run by hand)`);
    // run --json says it too: it printed "registered": null and nothing on why.
    assert.equal(jsonOfRun(r).notRegistered, r.notRegistered);
    assert.match(summary(r, false), /registered nothing: the pipeline has no 'register' block \('mlpipe register NAME r-[^ ]+' registers this run by hand\)\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
