// @ts-expect-error: a plain .mjs script of the repository, without types
import { envInteger as readEnvInteger } from '../../scripts/env-integer.mjs';

/**
 * A whole number a test reads from its environment: a run count (`MLPIPE_AGREEMENT_RUNS`) or a
 * seed (`MLPIPE_FUZZ_SEED`). `Number(process.env.X ?? 1500)` read `X=` as 0 (zero property runs:
 * a test that cannot fail) and `X=abc` as NaN; this refuses both and names the variable.
 *
 * Unset or empty gives `fallback` (as MLPIPE_PROPERTY_SEED does, scripts/property-seed.mjs), so
 * `X= npm test` is the plain run. `min`: 1 for a run count, 0 (the default) for a seed.
 * The reading itself is scripts/env-integer.mjs, which the test scripts share (the test timeout).
 * `npm run soak` finds a file's seed variables by the first argument of a call
 * (`ownSeedVariables`, scripts/test-files.mjs), so it must be the name written out.
 */
export function envInteger(name: string, fallback: number, options?: { min?: number; env?: NodeJS.ProcessEnv }): number;
export function envInteger(name: string, fallback: undefined, options?: { min?: number; env?: NodeJS.ProcessEnv }): number | undefined;
export function envInteger(name: string, fallback: number | undefined, options?: { min?: number; env?: NodeJS.ProcessEnv }): number | undefined {
  return readEnvInteger(name, fallback, options) as number | undefined;
}
