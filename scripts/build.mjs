// Bundles every process of mlpipe into dist/ with esbuild.
// Native and optional modules stay external: they are loaded (or detected) at run time.
import { build } from 'esbuild';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const external = [
  'vscode',
  'better-sqlite3',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs',
  'webgpu',
];

// [entry, output, platform]; entries that do not exist yet are skipped so the build
// stays green while parts of the system are still being written.
const entries = [
  ['server/cli/main.ts', 'dist/cli.js', 'node'],
  ['server/lsp/main.ts', 'dist/server.js', 'node'],
  ['server/backend/main.ts', 'dist/backend.js', 'node'],
  ['extension/main.ts', 'dist/extension.js', 'node'],
  ['test/e2e/suite/index.ts', 'dist/test/index.js', 'node'],
  ['webviews/experiments/main.ts', 'dist/webviews/experiments.js', 'browser'],
  ['webviews/run/main.ts', 'dist/webviews/run.js', 'browser'],
  ['webviews/drift/main.ts', 'dist/webviews/drift.js', 'browser'],
];

mkdirSync(resolve(root, 'dist'), { recursive: true });
const jobs = entries
  .filter(([entry]) => existsSync(resolve(root, entry)))
  .map(([entry, outfile, platform]) =>
    build({
      entryPoints: [resolve(root, entry)],
      outfile: resolve(root, outfile),
      bundle: true,
      platform,
      format: platform === 'node' ? 'cjs' : 'iife',
      target: platform === 'node' ? 'node20' : 'es2022',
      sourcemap: true,
      // The e2e suite runs inside VS Code next to the repo's node_modules, where mocha resolves.
      external: platform === 'node' ? (entry.startsWith('test/') ? [...external, 'mocha'] : external) : [],
      logLevel: 'warning',
      banner: entry === 'server/cli/main.ts' ? { js: '#!/usr/bin/env node' } : undefined,
    }),
  );
await Promise.all(jobs);
if (existsSync(resolve(root, 'dist/cli.js'))) chmodSync(resolve(root, 'dist/cli.js'), 0o755);
