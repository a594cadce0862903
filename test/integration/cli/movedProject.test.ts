/**
 * A project folder renamed after its runs: the store moves with it (`.mlpipe/` inside), and its
 * runs are still the pipeline's runs. Before, `mlpipe runs FILE` listed none of them and
 * `mlpipe reproduce` looked for the data in the old folder ('is gone').
 */
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { cli, workspace } from './harness.js';
import { ReproduceOutput, RunOutput, RunsOutput } from '../../../server/protocol/cli.js';

it('a renamed project lists its runs under the pipeline where it is now, and reproduces them from its own data', () => {
  const ws = workspace();
  const parent = mkdtempSync(join(tmpdir(), 'mlpipe-moved-cli-'));
  try {
    // The store in the project folder itself, as a user gets it (no MLPIPE_HOME).
    const env = { MLPIPE_HOME: '' };
    const run = cli(['run', join(ws.dir, 'churn.mlpipe'), '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const { runId } = RunOutput.parse(JSON.parse(run.stdout));

    const moved = join(parent, 'churn-renamed');
    renameSync(ws.dir, moved);
    const file = join(moved, 'churn.mlpipe');
    const runs = cli(['runs', file, '--json'], { env, cwd: moved });
    assert.equal(runs.code, 0, runs.stderr);
    const listed = RunsOutput.parse(JSON.parse(runs.stdout));
    assert.deepEqual(listed.map((r) => [r.id, r.pipelinePath]), [[runId, file]]);

    const again = cli(['reproduce', runId, '--json'], { env, cwd: moved });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(ReproduceOutput.parse(JSON.parse(again.stdout)).identical, true);
  } finally {
    rmSync(parent, { recursive: true, force: true });
    ws.dispose();
  }
});
