import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { zipEntries } from '../../unit/package/zipEntries.js';
import { REPO, startBackend } from './harness.js';

const work = mkdtempSync(join(tmpdir(), 'mlpipe-platform-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('the platform .vsix carries the backend and its runtime modules, and that backend runs with no repository node_modules', { timeout: 240_000 }, async () => {
  const vsix = join(work, 'mlpipe.vsix');
  const stage = join(work, 'stage');
  const r = spawnSync(process.execPath, [join(REPO, 'scripts/package-platform.mjs'), vsix], { cwd: REPO, encoding: 'utf8', env: { ...process.env, MLPIPE_STAGE_DIR: stage }, timeout: 220_000 });
  assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
  const files = zipEntries(vsix).map((e) => e.name);
  for (const f of [
    'extension/dist/backend.js',
    'extension/dist/extension.js',
    'extension/dist/webviews/experiments.js',
    'extension/dist/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'extension/dist/node_modules/bindings/bindings.js',
    'extension/dist/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
    'extension/media/webview.css',
  ])
    assert.ok(files.includes(f), `${f} is not in the platform vsix`);
  assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts')), 'no sources or maps');
  // The staged backend lives under the temp folder: no node_modules of this repository above it.
  assert.ok(!existsSync(join(tmpdir(), 'node_modules')), 'a node_modules in the temp folder would make this test meaningless');
  const backend = startBackend(work, join(stage, 'dist/backend.js'));
  try {
    const hello = await backend.rpc.request('mlpipe/hello', {});
    assert.deepEqual(hello.modules.filter((m) => !m.ok), []);
  } finally {
    await backend.close();
  }
});
