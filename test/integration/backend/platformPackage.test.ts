import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import JSZip from 'jszip';
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
    'extension/dist/extensionMain.js',
    'extension/dist/webviews/experiments.js',
    'extension/dist/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'extension/dist/node_modules/bindings/bindings.js',
    'extension/dist/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
    'extension/dist/node_modules/webgpu/index.js',
    `extension/dist/node_modules/webgpu/dist/${process.platform}-${process.arch}/dawn.node`,
    'extension/media/webview.css',
  ])
    assert.ok(files.includes(f), `${f} is not in the platform vsix`);
  assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts')), 'no sources or maps');
  assert.deepEqual(files.filter((f) => f.endsWith('dawn.node')).length, 1, "only this platform's Dawn binary");
  // The wasm engine's native matrix kernel travels with this platform's package when it was built.
  if (process.platform === 'linux' && process.arch === 'x64' && existsSync(join(REPO, 'dist/native/mlpipe-gemm.node'))) assert.ok(files.includes('extension/dist/native/mlpipe-gemm.node'), 'the native matrix kernel is not in the platform vsix');
  assert.match(r.stdout, /carries .*dawn\.node/, 'the script checked the package itself');
  // Dawn, loaded from an unpacked copy of the .vsix by a separate Node (no GPU here: an adapter or none).
  const unpacked = join(work, 'unpacked');
  await unzip(vsix, unpacked);
  const loader = join(unpacked, 'extension/dist/node_modules/webgpu/index.js');
  const probe = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const { create } = await import(${JSON.stringify(loader)}); const a = await create([]).requestAdapter(); console.log(JSON.stringify({ adapter: a ? String(a.info?.description || a.info?.vendor || 'unnamed') : null })); process.exit(0);`],
    { cwd: work, encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(probe.status, 0, `Dawn did not load from the unpacked .vsix:\n${probe.stderr}`);
  const answer = JSON.parse(probe.stdout.trim().split('\n').pop()!) as { adapter: string | null };
  console.log(`Dawn from the unpacked .vsix: adapter ${answer.adapter ?? 'none (no GPU)'}`);
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

/** Extracts a zip (a .vsix) into `into`. */
async function unzip(file: string, into: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const to = join(into, entry.name);
    if (!to.startsWith(into + '/')) throw new Error(`${entry.name}: outside the folder`);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, await entry.async('nodebuffer'));
  }
}
