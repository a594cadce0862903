// Preloaded by scripts/test.mjs: one seed for every property test that names none, so a commit
// tests the same cases on every machine and a CI run cannot fail on a draw the previous run did
// not make. Fresh draws are `npm run soak`'s job (MLPIPE_PROPERTY_SEED=random: fast-check seeds
// each property itself and prints the seed of a failure); MLPIPE_PROPERTY_SEED=<n> replays one.
import { createRequire } from 'node:module';

const raw = process.env.MLPIPE_PROPERTY_SEED || '20261204';
if (raw !== 'random') {
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) {
    console.error(`MLPIPE_PROPERTY_SEED must be a whole number or 'random', not ${raw}`);
    process.exit(2);
  }
  // Tests reach fast-check through require (tsx compiles them to CommonJS) or import: two
  // module instances, each with its own global settings.
  createRequire(import.meta.url)('fast-check').configureGlobal({ seed });
  (await import('fast-check')).configureGlobal({ seed });
}
