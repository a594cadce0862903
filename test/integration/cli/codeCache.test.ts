import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { cli } from './harness.js';

// The built CLI loads its command bundles through V8's code cache in the user's cache folder.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-cli-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CHURN = 'examples/churn/churn.mlpipe';

test("'mlpipe check' writes its bundle's code cache once, then reads it, with the same result", () => {
  const env = { MLPIPE_CACHE_DIR: join(dir, 'cache') };
  const first = cli(['check', CHURN], { env });
  assert.equal(first.code, 0, first.stderr);
  const files = readdirSync(join(dir, 'cache', 'v8'));
  // The checker's own bundle is loaded (and cached) too when no stored check of this build answers.
  assert.deepEqual(
    files.filter((f) => !/^checker-[0-9a-f]{8}-\w{16}\.v8cache$/.test(f)).map((f) => f.replace(/-[0-9a-f]{8}-\w{16}\./, '-PATH-SOURCE.')),
    ['check-PATH-SOURCE.v8cache'],
  );
  const second = cli(['check', CHURN], { env });
  assert.deepEqual(second, first);
  assert.deepEqual(readdirSync(join(dir, 'cache', 'v8')), files);
});

test('an unusable cache folder changes nothing a user sees', () => {
  const blocked = join(dir, 'a-file');
  writeFileSync(blocked, 'not a folder');
  const withCache = cli(['check', CHURN], { env: { MLPIPE_CACHE_DIR: join(dir, 'cache') } });
  const without = cli(['check', CHURN], { env: { MLPIPE_CACHE_DIR: blocked } });
  assert.deepEqual(without, withCache);
  assert.equal(without.stderr, '');
});
