/**
 * A version number as a person writes it on the command line: `3`, or `v3` as `mlpipe models`
 * lists it. Anything else is no version, though JavaScript's `Number` reads it as one: `0x3`
 * (version 3), `1e1` (version 10), ` 3`, or digits beyond 2^53 that round to another number.
 */
export function parseVersionNumber(text: string): number | undefined {
  const m = /^v?([0-9]+)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
