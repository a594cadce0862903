import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  // The server and the data modules its complete check loaded, each with its own cache.
  for (const bundle of ['serverMain', 'serverData']) assert.ok(files.some((f) => new RegExp(`^${bundle}-[0-9a-f]{8}-\\w{16}\\.v8cache$`).test(f)), `cache files: ${files.join(', ') || 'none'}`);
});

test('a built server that checked nothing writes no code cache', async () => {
  const { client, exited } = stdioClient({ bundle: BUNDLE, env: { MLPIPE_CACHE_DIR: dir } });
  await client.initialize({ rootPath: join(ROOT, 'examples/churn') });
  await client.dispose();
  assert.equal(await exited, 0);
  assert.deepEqual(cacheFiles(), []);
});

/** The sources a built bundle was made from, by its source map. */
const sourcesOf = (bundle: string): string[] => (JSON.parse(readFileSync(join(ROOT, 'dist', `${bundle}.map`), 'utf8')) as { sources: string[] }).sources.map((s) => s.replace(/^(\.\.\/)+/, ''));

test('the first server bundle holds syntax and rules, not the data modules, which have a bundle of their own', () => {
  const first = sourcesOf('serverMain.js');
  const data = sourcesOf('serverData.js');
  // (checkDocument's one use of inspect.ts, 'isMutableSource', keeps that file's small helpers in the first bundle.)
  const dataModules = ['server/backend/data/factsCache.ts', 'server/backend/data/parquet.ts', 'server/backend/data/csvStream.ts', 'server/backend/data/load.ts', 'server/backend/check/projectInspector.ts'];
  for (const m of dataModules) {
    assert.ok(!first.includes(m), `${m} is in dist/serverMain.js`);
    assert.ok(data.includes(m), `${m} is not in dist/serverData.js`);
  }
  assert.ok(!first.some((s) => s.includes('node_modules/hyparquet/')), 'hyparquet is in dist/serverMain.js');
  assert.doesNotMatch(readFileSync(join(ROOT, 'dist/serverMain.js'), 'utf8'), /\bDataInspector\b/, 'the inspector is in dist/serverMain.js');
  // The checker is in the first bundle only (the first publish needs it; one copy of it runs).
  assert.ok(first.includes('server/mlpipe/checker/check.ts'));
  assert.ok(!data.some((s) => s.startsWith('server/mlpipe/checker/')), 'the checker is in dist/serverData.js too');
});
