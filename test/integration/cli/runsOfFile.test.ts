import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ErrorOutput, RunOutput, RunsOutput } from '../../../server/protocol/cli.js';
import { cli, workspace } from './harness.js';

/**
 * `mlpipe runs FILE` of a FILE that is not there printed '[]' (exit 0) with --json: a misspelt
 * name read as a pipeline never run. It is refused as `check` and `run` refuse it (exit 2, the
 * JSON error object), unless the store has runs of it: a pipeline moved or deleted since still
 * lists them.
 */
describe('mlpipe runs FILE of a file that is not there', () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };

  it('no runs: exit 2, one line, and the error object with --json', () => {
    const r = cli(['runs', 'missing.mlpipe'], { env, cwd: ws.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^mlpipe runs: cannot read missing\.mlpipe: no such file \(and .* has no runs of it\)\n$/);
    const json = cli(['runs', 'missing.mlpipe', '--json'], { env, cwd: ws.dir });
    assert.equal(json.code, 2, json.stderr);
    assert.equal(ErrorOutput.parse(JSON.parse(json.stdout)).error.exitCode, 2);
  });

  it('a folder: exit 2, said as a folder', () => {
    mkdirSync(join(ws.dir, 'sub'));
    const r = cli(['runs', 'sub'], { env, cwd: ws.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^mlpipe runs: cannot read sub: is a folder/);
  });

  it('a pipeline deleted after its run still lists the run', () => {
    const file = join(ws.dir, 'gone.mlpipe');
    copyFileSync(join(ws.dir, 'churn.mlpipe'), file);
    const run = cli(['run', file, '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const { runId } = RunOutput.parse(JSON.parse(run.stdout));
    rmSync(file);
    const r = cli(['runs', 'gone.mlpipe', '--json'], { env, cwd: ws.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      RunsOutput.parse(JSON.parse(r.stdout)).map((x) => x.runId),
      [runId],
    );
  });
});
