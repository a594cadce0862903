// What scripts/test.mjs and scripts/soak.mjs both need: the test files of a suite and the
// modules preloaded before them.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** tsx for TypeScript, a time limit for every test, one property seed unless told otherwise. */
export const PRELOADS = ['--import', 'tsx', '--import', './scripts/test-timeout.mjs', '--import', './scripts/property-seed.mjs'];

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
