// What scripts/test.mjs and scripts/soak.mjs both need: the test files of a suite and the
// modules preloaded before them.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * tsx for TypeScript, a time limit for every test, one property seed unless told otherwise, and
 * the end of a file that stays up after its tests (scripts/test-file-end.mjs).
 */
export const PRELOADS = [
  '--import', 'tsx',
  '--import', './scripts/test-timeout.mjs',
  '--import', './scripts/property-seed.mjs',
  '--import', './scripts/test-file-end.mjs',
];

function walk(dir) {
  let out = [];
  let names = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Every `.test.ts` under the suites' folders (`test/<suite>`), sorted. */
export function testFiles(suites) {
  return suites.flatMap((d) => walk(resolve(root, 'test', d))).sort();
}

/**
 * A property test file: it draws through fast-check itself or through `assertEachCase`
 * (`test/agreement/firstFailure.ts`), which takes fast-check's global seed, or it draws its
 * cases from a seed variable of its own (a mutation fuzzer on `Mulberry32(envInteger(
 * 'MLPIPE_FUZZ_SEED', 20261128))`), which the soak draws afresh.
 */
export function isPropertyTest(text) {
  return /from 'fast-check'|\bassertEachCase\(/.test(text) || ownSeedVariables(text).length > 0;
}

/**
 * The seed variables a test file reads itself (`seed: envInteger('MLPIPE_AGREEMENT_SEED', 20261201)`,
 * test/support/envInteger.ts, or `process.env.MLPIPE_…_SEED`): its fixed seed stands whatever
 * MLPIPE_PROPERTY_SEED says, so a soak round draws a fresh value for each of them.
 */
export function ownSeedVariables(text) {
  return [...new Set([...text.matchAll(/(?:process\.env\.|envInteger\(')(MLPIPE_[A-Z0-9_]*SEED)\b/g)].map((m) => m[1]))].sort();
}
