// The end-to-end run's stages, each with a time limit of its own. One limit for the whole run
// (counted from before the build) let a slow build eat the suite's time: on a slower CI machine a
// healthy suite failed with "the suite did not report". A stage that runs over names itself and
// the variable that gives it longer, so the log says which part was slow.
import { spawnSync } from 'node:child_process';
import { envInteger } from './env-integer.mjs';

/** What each stage covers, and its limit's variable and default. */
export const STAGES = {
  // Apt packages, Node 24 and code-server into the cache: 5-6 minutes cold on 2 cores, 0 warm.
  tools: { variable: 'MLPIPE_E2E_TOOLS_TIMEOUT_MS', defaultMs: 20 * 60_000 },
  // scripts/build.mjs and the platform .vsix: about a minute here, under load.
  build: { variable: 'MLPIPE_E2E_BUILD_TIMEOUT_MS', defaultMs: 10 * 60_000 },
  // From starting code-server to the suite's exit code: 95-311 s here, up to ~5 minutes on a cold CI.
  suite: { variable: 'MLPIPE_E2E_SUITE_TIMEOUT_MS', defaultMs: 8 * 60_000 },
};

export class StageOverrun extends Error {
  constructor(stage, limitMs, what) {
    super(`the ${stage} stage ran over its limit of ${limitMs / 1000} s while ${what}; ${STAGES[stage].variable} gives it longer (milliseconds)`);
    this.name = 'StageOverrun';
    this.stage = stage;
  }
}

/** Each stage's limit in milliseconds, read through envInteger (unset or empty: the default). Throws what is wrong. */
export function stageLimits(env = process.env) {
  // The old single limit now means nothing: said rather than silently ignored.
  if (env.MLPIPE_E2E_TIMEOUT_MS !== undefined && env.MLPIPE_E2E_TIMEOUT_MS !== '') {
    const names = Object.values(STAGES).map((s) => s.variable);
    throw new Error(`MLPIPE_E2E_TIMEOUT_MS is no longer read: each stage has its own limit, ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
  }
  return Object.fromEntries(Object.entries(STAGES).map(([name, s]) => [name, envInteger(s.variable, s.defaultMs, { min: 1, env })]));
}

/**
 * Starts the clock of one stage: its steps share what is left of its limit, and nothing that
 * came before it counts. `now` is for tests.
 */
export function startStage(name, limits, { now = Date.now } = {}) {
  const limitMs = limits[name];
  const deadline = now() + limitMs;
  const remainingMs = () => deadline - now();
  const overrun = (what) => new StageOverrun(name, limitMs, what);
  return {
    name,
    limitMs,
    remainingMs,
    /** spawnSync bounded by what is left of the stage; its result when the command ends in time. */
    spawnSync(what, cmd, args, opts = {}) {
      const left = remainingMs();
      if (left <= 0) throw overrun(what);
      const r = spawnSync(cmd, args, { ...opts, timeout: left });
      if (r.error?.code === 'ETIMEDOUT') throw overrun(what);
      return r;
    },
    /** `work`'s outcome, or a StageOverrun when the stage's time runs out first. */
    within(what, work) {
      let timer;
      const out = new Promise((_, reject) => (timer = setTimeout(() => reject(overrun(what)), Math.max(0, remainingMs()))));
      return Promise.race([work, out]).finally(() => clearTimeout(timer));
    },
  };
}
