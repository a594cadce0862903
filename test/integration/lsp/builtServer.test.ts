import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ROOT, stdioClient } from './client.js';

// The server as it ships (dist/server.js, built by `npm test`), over a real stdio connection.
const BUNDLE = join(ROOT, 'dist/server.js');
const CHURN = join(ROOT, 'examples/churn/churn.mlpipe');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-built-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cacheFiles = () => (existsSync(join(dir, 'v8')) ? readdirSync(join(dir, 'v8')).sort() : []);

test('the built server writes its code cache once its first complete check is published, however soon it is stopped', async () => {
  const { client, exited } = stdioClient({ bundle: BUNDLE, env: { MLPIPE_CACHE_DIR: dir } });
  await client.initialize({ rootPath: join(ROOT, 'examples/churn') });
  await client.open(CHURN);
  // Stopped at once (well under the 3 s a timer used to wait): the cache is there all the same.
  await client.dispose();
  assert.equal(await exited, 0);
  const files = cacheFiles();
  assert.ok(files.some((f) => /^serverMain-\w{16}\.v8cache$/.test(f)), `cache files: ${files.join(', ') || 'none'}`);
});

test('a built server that checked nothing writes no code cache', async () => {
  const { client, exited } = stdioClient({ bundle: BUNDLE, env: { MLPIPE_CACHE_DIR: dir } });
  await client.initialize({ rootPath: join(ROOT, 'examples/churn') });
  await client.dispose();
  assert.equal(await exited, 0);
  assert.deepEqual(cacheFiles(), []);
});
