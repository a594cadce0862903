/**
 * The end-to-end run's stages (scripts/e2e-stages.mjs, used by scripts/e2e.mjs): installing the
 * tools, building and packaging, and the suite in code-server each have a limit of their own. The
 * suite's 8 minutes used to count from before the build, so on a slower CI machine a long build
 * ate the suite's time and a healthy suite failed with "the suite did not report"; a stage that
 * runs over now says which stage it was and the variable that gives it longer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { StageOverrun, STAGES, stageLimits, startStage } from '../../../scripts/e2e-stages.mjs';

type Stage = {
  name: string;
  limitMs: number;
  remainingMs(): number;
  spawnSync(what: string, cmd: string, args: string[], opts?: object): { status: number | null };
  within<T>(what: string, work: Promise<T>): Promise<T>;
};
const start = startStage as (name: 'tools' | 'build' | 'suite', limits: Record<string, number>, options?: { now?: () => number }) => Stage;

/** A child that never ends by itself: only the stage's limit stops it. */
const endless = ['-e', 'setInterval(() => {}, 60_000)'];

describe('the e2e run: a limit for each stage', () => {
  it('stops a build step that outlasts the build stage and names the stage and its variable', () => {
    const build = start('build', stageLimits({ MLPIPE_E2E_BUILD_TIMEOUT_MS: '300' }));
    assert.throws(
      () => build.spawnSync('building', process.execPath, endless, { stdio: 'ignore' }),
      (e: Error) => {
        assert.ok(e instanceof StageOverrun, String(e));
        assert.match(e.message, /^the build stage ran over its limit of 0\.3 s while building; MLPIPE_E2E_BUILD_TIMEOUT_MS gives it longer/);
        return true;
      },
    );
  });

  it('stops a tool install that outlasts the tools stage', () => {
    const tools = start('tools', stageLimits({ MLPIPE_E2E_TOOLS_TIMEOUT_MS: '300' }));
    assert.throws(() => tools.spawnSync('installing code-server', process.execPath, endless, { stdio: 'ignore' }), /^StageOverrun: the tools stage ran over .* while installing code-server; MLPIPE_E2E_TOOLS_TIMEOUT_MS/);
  });

  it('reports a suite that never reports back as the suite stage running over', async () => {
    const suite = start('suite', stageLimits({ MLPIPE_E2E_SUITE_TIMEOUT_MS: '50' }));
    await assert.rejects(suite.within('waiting for the suite to report', new Promise(() => undefined)), (e: Error) => {
      assert.ok(e instanceof StageOverrun, String(e));
      assert.match(e.message, /^the suite stage ran over its limit of 0\.05 s while waiting for the suite to report; MLPIPE_E2E_SUITE_TIMEOUT_MS gives it longer/);
      return true;
    });
  });

  it('passes on what a step gives back within the limit, a failed exit included', async () => {
    const build = start('build', stageLimits({}));
    assert.equal(build.spawnSync('building', process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' }).status, 3);
    assert.equal(await build.within('starting', Promise.resolve('ready')), 'ready');
  });

  it('gives the suite its whole limit however long the build took', () => {
    let t = 1_000_000;
    const now = () => t;
    const limits = stageLimits({});
    const build = start('build', limits, { now });
    t += 7 * 60_000;
    assert.equal(build.remainingMs(), limits.build - 7 * 60_000);
    const suite = start('suite', limits, { now });
    assert.equal(suite.remainingMs(), 8 * 60_000);
  });

  it('does not start a step once its stage has run out', () => {
    let t = 0;
    const build = start('build', stageLimits({ MLPIPE_E2E_BUILD_TIMEOUT_MS: '1000' }), { now: () => t });
    t = 1000;
    // A command that would fail loudly if it ran: the stage refuses before spawning it.
    assert.throws(() => build.spawnSync('packaging the .vsix', '/nonexistent/command', []), /^StageOverrun: the build stage ran over its limit of 1 s while packaging the \.vsix/);
  });

  it('reads each limit through envInteger: unset or empty is the default, anything else but a whole number is refused by name', () => {
    const defaults = stageLimits({});
    for (const [name, stage] of Object.entries(STAGES as Record<string, { variable: string; defaultMs: number }>)) {
      assert.equal(defaults[name], stage.defaultMs, name);
      assert.equal(stageLimits({ [stage.variable]: '' })[name], stage.defaultMs, name);
      assert.equal(stageLimits({ [stage.variable]: '90000' })[name], 90_000, name);
      assert.throws(() => stageLimits({ [stage.variable]: '5m' }), new RegExp(`^Error: ${stage.variable} must be a whole number of at least 1`));
      assert.throws(() => stageLimits({ [stage.variable]: '0' }), new RegExp(`^Error: ${stage.variable} must be a whole number of at least 1`));
    }
    assert.deepEqual(defaults, { tools: 20 * 60_000, build: 10 * 60_000, suite: 8 * 60_000 });
  });

  it('refuses the old single limit rather than ignore it', () => {
    assert.throws(
      () => stageLimits({ MLPIPE_E2E_TIMEOUT_MS: '600000' }),
      /^Error: MLPIPE_E2E_TIMEOUT_MS is no longer read: each stage has its own limit, MLPIPE_E2E_TOOLS_TIMEOUT_MS, MLPIPE_E2E_BUILD_TIMEOUT_MS and MLPIPE_E2E_SUITE_TIMEOUT_MS/,
    );
  });
});
