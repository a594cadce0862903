/**
 * A model version's number, read one way by the checker (`serve { model = churn@3 }`), the
 * registry's reference reading and the CLI: digits without a leading zero, from 1 to 2^53 - 1.
 * JavaScript's `Number` reads more as a number (`0x3`, `1e1`, ` 3`, and digits beyond 2^53 that
 * round to another version), and `mlpipe promote m 0x10 production` promoted v16.
 */
export function versionNumber(digits: string): number | undefined {
  if (!/^[1-9][0-9]*$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A version as a person writes it on the command line: `3`, or `v3` as `mlpipe models` lists it. */
export function parseVersionNumber(text: string): number | undefined {
  return versionNumber(text.startsWith('v') ? text.slice(1) : text);
}
