// Packages the installable, self-contained extension: `vsce package --target linux-x64`.
// Unlike `npm run package` (bundles only, modules resolved from the workspace), this .vsix
// carries what the backend and the CLI need at run time, so an installed extension trains with
// no clone of this repository and no npm install:
//   - dist/backend.js and dist/cli.js re-bundled with TensorFlow.js inside (pure JS);
//   - dist/node_modules/: better-sqlite3 with its binary built for this machine's Node ABI
//     (and its loader 'bindings'), Dawn (the 'webgpu' package with only this platform's
//     dawn.node, a Node-API module, so any Node ABI loads it), the tfjs WASM binaries, and the
//     package.json files that version reporting reads;
//   - dist/native/mlpipe-gemm.node, the wasm engine's native AVX2+FMA matrix kernel, when the
//     build made it (a Node-API module: any Node ABI of this platform loads it; the engine checks
//     the CPU at run time and falls back to WebAssembly). The generic `npm run package` never
//     carries it: that package must work on any platform.
// Node resolves dist/node_modules first from dist/*.js. tfjs-node stays out: the backend
// trains on WebGPU (Dawn), WASM or CPU. After packing, the .vsix is listed and the script
// fails if a runtime file is missing from it.
// Usage: node scripts/package-platform.mjs [OUT.vsix]     (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import yauzl from 'yauzl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'mlpipe-linux-x64.vsix'));
const target = `${process.platform}-${process.arch}`;
// MLPIPE_STAGE_DIR keeps the staged extension there (tests run its backend); else a temp folder, removed.
const keep = process.env.MLPIPE_STAGE_DIR;
if (keep) rmSync(keep, { recursive: true, force: true });
const stage = keep ? (mkdirSync(keep, { recursive: true }), resolve(keep)) : mkdtempSync(join(tmpdir(), 'mlpipe-platform-'));
const mod = (...p) => join(root, 'node_modules', ...p);
const dest = (...p) => join(stage, ...p);

function copy(from, to, filter) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, filter });
}

try {
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) if (existsSync(join(root, f))) copy(join(root, f), dest(f));
  for (const d of ['media', 'syntaxes', 'docs']) copy(join(root, d), dest(d));
  // Every worker bundle ships as built (dist/logWorker.js, the prediction log's thread, among them).
  for (const f of readdirSync(join(root, 'dist'))) if (f.endsWith('.js') && f !== 'backend.js' && f !== 'cli.js') copy(join(root, 'dist', f), dest('dist', f));
  copy(join(root, 'dist', 'webviews'), dest('dist', 'webviews'), (src) => !src.endsWith('.map'));
  const nativeKernel = join('dist', 'native', 'mlpipe-gemm.node');
  const withKernel = target === 'linux-x64' && existsSync(join(root, nativeKernel));
  if (withKernel) copy(join(root, nativeKernel), dest(nativeKernel));
  else console.log(`${out}: without the native matrix kernel (${target === 'linux-x64' ? 'not built here' : `built for linux-x64 only, this is ${target}`}); the wasm engine uses its WebAssembly kernel`);

  // The processes that train, with TensorFlow.js bundled in (a drift-triggered retrain runs in its own).
  const external = ['vscode', 'better-sqlite3', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu'];
  await Promise.all(
    [
      ['server/backend/main.ts', 'dist/backend.js'],
      ['server/cli/main.ts', 'dist/cli.js'],
      ['server/backend/monitor/retrainChild.ts', 'dist/retrainWorker.js'],
    ].map(([entry, outfile]) =>
      build({
        entryPoints: [join(root, entry)],
        outfile: dest(outfile),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external,
        logLevel: 'error',
        banner: entry.includes('cli') ? { js: '#!/usr/bin/env node' } : undefined,
      }),
    ),
  );

  // Runtime modules.
  const nm = (...p) => dest('dist', 'node_modules', ...p);
  copy(mod('better-sqlite3', 'package.json'), nm('better-sqlite3', 'package.json'));
  copy(mod('better-sqlite3', 'lib'), nm('better-sqlite3', 'lib'));
  copy(mod('better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), nm('better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  for (const m of ['bindings', 'file-uri-to-path']) copy(mod(m), nm(m), (src) => !src.includes(`${m}/test`) && !src.endsWith('.ts'));
  copy(mod('@tensorflow', 'tfjs-backend-wasm', 'package.json'), nm('@tensorflow', 'tfjs-backend-wasm', 'package.json'));
  for (const f of readdirSync(mod('@tensorflow', 'tfjs-backend-wasm', 'dist'))) if (f.endsWith('.wasm')) copy(mod('@tensorflow', 'tfjs-backend-wasm', 'dist', f), nm('@tensorflow', 'tfjs-backend-wasm', 'dist', f));
  // Dawn: the loader and this platform's binary only (the package ships five platforms, ~100 MiB).
  const dawn = join('dist', target === 'darwin-arm64' || target === 'darwin-x64' ? 'darwin-universal' : target, 'dawn.node');
  for (const f of ['package.json', 'index.js', 'LICENSE.md', dawn]) copy(mod('webgpu', f), nm('webgpu', f));
  for (const p of ['tfjs', 'tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-webgpu', 'tfjs-layers']) if (existsSync(mod('@tensorflow', p, 'package.json'))) copy(mod('@tensorflow', p, 'package.json'), nm('@tensorflow', p, 'package.json'));

  // The repository's whitelist (one statement of what ships), plus the runtime modules staged here.
  writeFileSync(dest('.vscodeignore'), `${readFileSync(join(root, '.vscodeignore'), 'utf8').trimEnd()}\n!dist/node_modules/**\n${withKernel ? '!dist/native/*.node\n' : ''}`);
  const r = spawnSync(process.execPath, [mod('@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--target', target, '-o', out], {
    cwd: stage,
    input: '',
    stdio: ['pipe', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`vsce package exited with ${r.status ?? r.signal}`);
  const entries = new Set(await zipNames(out));
  const needed = ['dist/backend.js', 'dist/cli.js', 'dist/node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'dist/node_modules/webgpu/index.js', `dist/node_modules/webgpu/${dawn}`, ...(withKernel ? [nativeKernel] : [])];
  const missing = needed.filter((f) => !entries.has(`extension/${f}`));
  if (missing.length) throw new Error(`${out} lacks ${missing.join(', ')}`);
  console.log(`${out}: carries ${needed.join(', ')}`);
  console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB for ${target}`);
} finally {
  if (!keep) rmSync(stage, { recursive: true, force: true });
}

/** The entry names of a zip (a .vsix), from its central directory. */
function zipNames(file) {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names = [];
      zip.on('entry', (e) => (names.push(e.fileName), zip.readEntry()));
      zip.on('end', () => resolvePromise(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
