// Runs the unit and integration suites with node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [unit|integration|all] [extra node --test args]
// Every test and hook gets a time limit (MLPIPE_TEST_TIMEOUT_MS, default 180 s: a CLI training run
// under load on 2 shared cores), so a hang fails that test instead of blocking CI; see
// scripts/test-timeout.mjs for why this is not node's --test-timeout. Property tests draw from one
// seed (scripts/property-seed.mjs); `npm run soak` draws fresh ones. A file whose test failed before
// closing what it opened (a server, a child) would never exit and the run would wait forever:
// scripts/test-file-end.mjs ends it once its results are out; a result lost on the way to the
// runner fails the run (scripts/test-run.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testFiles } from './test-files.mjs';
import { runTests } from './test-run.mjs';
import { testTimeoutMsOrExit } from './env-integer.mjs';

const which = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : 'all';
const extra = process.argv.slice(which === 'all' && !process.argv[2] ? 2 : 3);
const suites = which === 'all' ? ['unit', 'agreement', 'integration'] : [which];

const files = testFiles(suites);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const timeoutMs = testTimeoutMsOrExit();
// Projects trained once for the whole run and copied for each test file that asks for the same
// one (test/support/trainedOnce.ts); a file run alone trains its own.
const fixtures = process.env.MLPIPE_TEST_FIXTURES || mkdtempSync(join(tmpdir(), 'mlpipe-fixtures-'));
const r = runTests(files, { extra, env: { ...process.env, MLPIPE_TEST_TIMEOUT_MS: String(timeoutMs), MLPIPE_TEST_FIXTURES: fixtures } });
if (!process.env.MLPIPE_TEST_FIXTURES) rmSync(fixtures, { recursive: true, force: true });
process.exit(r.status);
