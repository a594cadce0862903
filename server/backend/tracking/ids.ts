import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A run id that sorts by start time and reads well in a terminal: `r-20261128-153012-k3m9qa`
 * (UTC). The 30 random bits make a clash within one second unlikely; the store retries on one.
 */
export function newRunId(now: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const bytes = randomBytes(6);
  let suffix = '';
  for (const b of bytes) suffix += ALPHABET[b & 31];
  return `r-${stamp}-${suffix}`;
}

export const RUN_ID_PATTERN = /^r-\d{8}-\d{6}-[0-9a-z]{6}$/;
