// A whole number read from the environment: the one reading for the test scripts (the test
// timeout, scripts/test.mjs and the preload scripts/test-timeout.mjs) and for test files
// (test/support/envInteger.ts gives it types). Unset or empty gives the fallback, so `X= npm test`
// is the plain run: `Number(process.env.X ?? 1500)` read `X=` as 0 (zero property runs, or a
// 0 ms time limit on every test) and `X=abc` as NaN.

/**
 * @param {string} name
 * @param {number | undefined} fallback
 * @param {{ min?: number, env?: Record<string, string | undefined> }} [options]
 * @returns {number | undefined}
 */
export function envInteger(name, fallback, { min = 0, env = process.env } = {}) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    const otherwise = fallback === undefined ? '' : `, or empty for ${fallback}`;
    throw new Error(`${name} must be a whole number of at least ${min}${otherwise}, not '${raw}'`);
  }
  return value;
}

/** Default time limit of each test and hook: a CLI training run under load on 2 shared cores. */
export const DEFAULT_TEST_TIMEOUT_MS = 180_000;

/** MLPIPE_TEST_TIMEOUT_MS, at least 1 ms; unset or empty is the default. Throws what is wrong. */
export function testTimeoutMs(env = process.env) {
  return envInteger('MLPIPE_TEST_TIMEOUT_MS', DEFAULT_TEST_TIMEOUT_MS, { min: 1, env });
}

/**
 * `testTimeoutMs` for the test scripts (scripts/test.mjs, the preload scripts/test-timeout.mjs):
 * a value that is wrong is said on stderr and stops the script with exit 2, before any test runs.
 */
export function testTimeoutMsOrExit(env = process.env) {
  try {
    return testTimeoutMs(env);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
}
