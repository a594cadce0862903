import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CheckOutput, RunOutput } from '../../../server/protocol/cli.js';
import { cli, workspace } from './harness.js';

/**
 * `mlpipe run` checks the pipeline first and went on past its warnings without a word: a user who
 * ran without `mlpipe check` never saw them. They are printed once, as `check` prints them, on
 * stderr (stdout is the summary or the JSON, which lists them), and the exit code is the run's.
 */
describe('mlpipe run shows the check warnings', () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };
  const file = join(ws.dir, 'churn.mlpipe');
  const WARNING = 'repro/unpinned-environment';

  it('a clean pipeline: no warning line, no warnings in the JSON', () => {
    const r = cli(['run', file, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal('warnings' in RunOutput.parse(JSON.parse(r.stdout)), false);
    assert.doesNotMatch(r.stderr, /warning/);
  });

  it('once on stderr in the check format, in the JSON as check --format json gives them, exit 0', () => {
    // The lockfile the environment block names is gone: a warning, and the run goes on.
    rmSync(join(ws.dir, 'package-lock.json'));
    const checked = CheckOutput.parse(JSON.parse(cli(['check', file, '--format', 'json'], { env }).stdout));
    assert.deepEqual(
      checked.map((d) => [d.code, d.severity]),
      [[WARNING, 'warning']],
    );
    const json = cli(['run', file, '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(RunOutput.parse(JSON.parse(json.stdout)).warnings, checked);

    const text = cli(['run', file], { env, cwd: ws.dir });
    assert.equal(text.code, 0, text.stderr);
    const line = `churn.mlpipe:${checked[0]!.range.start.line + 1}:${checked[0]!.range.start.character + 1}  warning  ${WARNING}  `;
    assert.equal(text.stderr.split('\n').filter((l) => l.startsWith(line)).length, 1, text.stderr);
    assert.match(text.stderr, /^1 warning from the check; the run goes on$/m);
    assert.doesNotMatch(text.stdout, /warning/);
  });

  it('mlpipe start prints them once (its check), not again for the run', () => {
    const r = cli(['start', 'churn.mlpipe'], { env, cwd: ws.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout + r.stderr).split(WARNING).length - 1, 1, r.stdout + r.stderr);
  });
});
