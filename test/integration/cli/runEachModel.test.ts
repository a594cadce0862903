import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RunEachOutput, RunOutput, RunsOutput } from '../../../server/protocol/cli.js';
import { cli, workspace } from './harness.js';

/**
 * A pipeline with two models that registers neither checked clean, and `mlpipe run FILE` then
 * refused it ("several models: choose one with --model NAME"). With no model named and none
 * registered, the run trains each model in the file's order, a run each, as a user comparing two
 * candidates expects; `--model` still trains one.
 */
describe('mlpipe run on a pipeline with several models and no register block', () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };
  const churn = readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8');
  const file = join(ws.dir, 'two.mlpipe');
  // The churn example up to its evaluate block (no register, serve, monitor or environment), its
  // model cut to two epochs, and a second model after it.
  writeFileSync(
    file,
    churn.slice(0, churn.indexOf('evaluate {')).replace(/epochs *= 20/, 'epochs = 2') +
      'model churn_lr {\n  kind   = logistic\n  inputs = [tenure_z, plan, tickets]\n  epochs = 2\n  seed   = 3\n}\n',
  );

  it('checks clean of errors', () => {
    const r = cli(['check', file], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('trains each model in a run of its own, in the file order; --json is their array; the warnings once', () => {
    const r = cli(['run', file, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const runs = RunEachOutput.parse(JSON.parse(r.stdout));
    assert.deepEqual(
      runs.map((x) => [x.model, x.registered]),
      [
        ['churn_mlp', null],
        ['churn_lr', null],
      ],
    );
    assert.notEqual(runs[0]!.runId, runs[1]!.runId);
    assert.equal(r.stderr.split('repro/unpinned-environment').length - 1, 1, r.stderr);
    assert.deepEqual(runs[1]!.warnings, runs[0]!.warnings);
    const listed = RunsOutput.parse(JSON.parse(cli(['runs', file, '--json'], { env }).stdout));
    for (const x of runs) assert.ok(listed.some((l) => l.runId === x.runId), `${x.runId} is listed`);
  });

  it('prints a summary per run in text', () => {
    const r = cli(['run', file], { env, cwd: ws.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      [...r.stdout.matchAll(/^run r-\S+ {2}(\S+) \(binary\)/gm)].map((m) => m[1]),
      ['churn_mlp', 'churn_lr'],
      r.stdout,
    );
  });

  it('mlpipe start (check, then run) trains each too', () => {
    const r = cli(['start', 'two.mlpipe'], { env, cwd: ws.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      [...r.stdout.matchAll(/^run r-\S+ {2}(\S+) \(binary\)/gm)].map((m) => m[1]),
      ['churn_mlp', 'churn_lr'],
      r.stdout,
    );
  });

  it('--model trains the one named, and --json is one object', () => {
    const r = cli(['run', file, '--model', 'churn_lr', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(RunOutput.parse(JSON.parse(r.stdout)).model, 'churn_lr');
  });
});
