/**
 * `mlpipe models NAME`: the registry kept who changed a stage and why (`--reason`), and nothing
 * showed it. Against a real store and the built CLI: each transition with time, version,
 * from → to, run, actor and reason, oldest first, in text and in `--json`.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelHistoryOutput } from '../../../server/protocol/cli.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from '../data/tinyProject.js';
import { cli } from './harness.js';

const PIPELINE = `pipeline history

${TINY_BLOCKS}
${tinyRegistering({ minAccuracy: 0.999 })}`;

test("'mlpipe models NAME' lists each stage change with who and why; --json the same entries", { timeout: 120_000 }, () => {
  const dir = tinyProject('mlpipe-history-');
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    const opts = { cwd: dir, env: { MLPIPE_HOME: '' } };
    // No store yet: an unknown model, said without making one.
    const none = cli(['models', 'a_model'], opts);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^mlpipe: unknown model 'a_model': no model is registered yet/);
    assert.equal(existsSync(join(dir, '.mlpipe')), false, 'reading the history made a store');

    const run = cli(['run', 'p.mlpipe', '--json'], opts);
    assert.equal(run.code, 3, run.stderr);
    const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    assert.equal(cli(['register', 'a_model', runId, '--reason', 'accepted below the gate'], opts).code, 0);
    const promoted = cli(['promote', 'a_model', '1', 'production', '--reason', 'the canary held a week'], opts);
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.equal(promoted.stdout, 'a_model v1 is now production\n');
    // Again: nothing changes and nothing is recorded, and the command says so ('is now' read as a
    // change the history below does not show).
    const again = cli(['promote', 'a_model', '1', 'production', '--reason', 'a second time'], opts);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'a_model v1 is already in production: nothing changed\n');

    const json = cli(['models', 'a_model', '--json'], opts);
    assert.equal(json.code, 0, json.stderr);
    const trail = ModelHistoryOutput.parse(JSON.parse(json.stdout));
    assert.deepEqual(
      trail.map((e) => [e.version, e.action, e.fromStage, e.toStage, e.actor, e.reason, e.runId]),
      [
        [1, 'register', null, 'staging', 'mlpipe register', 'accepted below the gate', runId],
        [1, 'promote', 'staging', 'production', 'mlpipe promote', 'the canary held a week', runId],
      ],
    );

    const text = cli(['models', 'a_model'], opts);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'a_model: 2 stage change(s), oldest first');
    assert.match(lines[1], new RegExp(`^  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  v1  \\(new\\) → staging  run ${runId}  register by mlpipe register: accepted below the gate$`));
    assert.match(lines[2], new RegExp(`^  \\S+ \\S+  v1  staging → production  run ${runId}  promote by mlpipe promote: the canary held a week$`));

    const unknown = cli(['models', 'b_model', '--json'], opts);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^mlpipe: unknown model 'b_model'/);
    const usage = cli(['models', 'a_model', 'b_model'], opts);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, 'usage: mlpipe models [NAME] [--json]\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
