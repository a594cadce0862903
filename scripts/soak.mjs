// Runs the property tests again and again, each run on fresh seeds, to find the cases one fixed
// seed never draws (npm test draws from one seed so that CI is the same run everywhere).
// Usage: node scripts/soak.mjs [--rounds N] [file filter ...]
// A failing round's output goes to test-results/soak/round-<n>.log; each failure names its seed,
// which MLPIPE_PROPERTY_SEED=<seed> replays under npm test or a single file's run. A file that
// reads a seed variable of its own (MLPIPE_AGREEMENT_SEED…) keeps its fixed seed under
// MLPIPE_PROPERTY_SEED, so each round also draws a value for each such variable and a failing
// round prints them (setting them replays the round).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { relative, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { isPropertyTest, ownSeedVariables, root, testFiles } from './test-files.mjs';
import { runTests } from './test-run.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 10;
if (!Number.isInteger(rounds) || rounds <= 0) {
  console.error('--rounds takes a positive whole number');
  process.exit(2);
}
const properties = testFiles(['unit', 'agreement', 'integration']).filter((f) => isPropertyTest(readFileSync(f, 'utf8')));
const files = args.length === 0 ? properties : properties.filter((f) => args.some((a) => relative(root, f).includes(a)));
if (files.length === 0) {
  console.error(`no property test file matches ${args.join(' ')}`);
  process.exit(2);
}
const variables = [...new Set(files.flatMap((f) => ownSeedVariables(readFileSync(f, 'utf8'))))].sort();
console.log(`${files.length} property test files, ${rounds} rounds on fresh seeds${variables.length ? ` (and ${variables.join(', ')})` : ''}`);
const out = join(root, 'test-results', 'soak');
let failed = 0;
for (let round = 1; round <= rounds; round++) {
  const drawn = Object.fromEntries(variables.map((v) => [v, String(randomInt(2 ** 31))]));
  const replay = Object.entries(drawn).map(([k, v]) => `${k}=${v}`).join(' ');
  const r = runTests(files, { capture: true, env: { ...process.env, MLPIPE_PROPERTY_SEED: 'random', ...drawn } });
  if (r.status === 0) {
    console.log(`round ${round}: passed`);
    continue;
  }
  failed++;
  mkdirSync(out, { recursive: true });
  const log = join(out, `round-${round}.log`);
  writeFileSync(log, `${replay ? `${replay}\n` : ''}${r.output}`);
  const seeds = r.output.split('\n').filter((l) => /\{ seed: -?\d+/.test(l)).map((l) => l.trim());
  console.log(`round ${round}: FAILED (${relative(root, log)})`);
  if (replay) console.log(`  ${replay}`);
  for (const s of [...new Set(seeds)]) console.log(`  ${s}`);
}
console.log(`${failed} of ${rounds} rounds failed`);
process.exit(failed === 0 ? 0 : 1);
