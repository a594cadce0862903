/**
 * `mlpipe register NAME RUN_ID`: a run whose gates failed is recorded, not registered, and the
 * docs said it "can be registered by hand later", but no command did it (only the registry's
 * code). Each refusal is one line, exit 1 (2 for a bad --stage), and changes nothing.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelsOutput } from '../../../server/protocol/cli.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from '../data/tinyProject.js';
import { cli } from './harness.js';

const PIPELINE = `pipeline by_hand

${TINY_BLOCKS}
${tinyRegistering({ minAccuracy: 0.999 })}`;

test('a run that failed its gates is registered by hand; refusals are one line and change nothing', { timeout: 120_000 }, () => {
  const dir = tinyProject('mlpipe-register-');
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    const opts = { cwd: dir, env: { MLPIPE_HOME: '' } };
    const run = cli(['run', 'p.mlpipe', '--json'], opts);
    assert.equal(run.code, 3, run.stderr);
    const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    const models = () => ModelsOutput.parse(JSON.parse(cli(['models', '--json'], opts).stdout));
    assert.deepEqual(models(), [], 'a failed gate registers nothing');

    const refusals: Array<[string[], number, RegExp]> = [
      [['register', 'a_model', runId, '--stage', 'archived'], 2, /^mlpipe register: --stage is staging or production, not 'archived'$/],
      [['register', 'a_model', runId.slice(0, -2)], 1, new RegExp(`^mlpipe: cannot register a_model: unknown run '${runId.slice(0, -2)}': did you mean ${runId}\\?$`)],
      [['register', '1a', runId], 1, /^mlpipe: invalid model name '1a'/],
      [['register', 'a_model'], 2, /^mlpipe register: RUN_ID is missing; usage: mlpipe register NAME RUN_ID/],
    ];
    for (const [args, code, message] of refusals) {
      const r = cli(args, opts);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trimEnd(), message);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    }
    assert.deepEqual(models(), []);

    const registered = cli(['register', 'a_model', runId, '--reason', 'accepted below the gate'], opts);
    assert.equal(registered.code, 0, registered.stderr);
    assert.equal(registered.stdout, `registered a_model v1 (staging) from run ${runId}\n`);
    const again = cli(['register', 'a_model', runId], opts);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `mlpipe: run ${runId} is already version 1 of a_model\n`);
    const [model] = models();
    assert.deepEqual(model?.versions.map((v) => [v.version, v.stage, v.runId]), [[1, 'staging', runId]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
