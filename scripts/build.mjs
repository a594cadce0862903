// Bundles every process of mlpipe into dist/ with esbuild.
// Native and optional modules stay external: they are loaded (or detected) at run time.
// The CLI is one small entry (dist/cli.js: help, dispatch, error reporting) plus one bundle per
// command (dist/cli/<command>.js) that the entry loads, through V8's code cache, when that
// command runs, so no command parses code it does not use.
import { build } from 'esbuild';
import { existsSync, mkdirSync, chmodSync, readdirSync } from 'node:fs';
import { resolve, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative } from './build-native.mjs';

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

const COMMANDS_DIR = 'server/cli/commands';
const commandFiles = readdirSync(resolve(root, COMMANDS_DIR)).filter((f) => f.endsWith('.ts'));

const CODE_CACHE = resolve(root, 'server/runtime/codeCache.ts');

/**
 * Imports that become separate bundles, loaded at run time through V8's code cache in the user's
 * cache folder (server/runtime/codeCache.ts's loadUserCached): `importer` imports `specifier`, which
 * is the bundle at `bundle` relative to the importer's own output.
 */
function apart(name, importer, specifier, bundle) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: specifier }, (args) => (args.importer === resolve(root, importer) ? { path: args.path, namespace: name } : undefined));
      b.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(CODE_CACHE)}).loadUserCached(require('node:path').join(__dirname, ${JSON.stringify(bundle(args.path))}));`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/** In the CLI entry, `./commands/<name>.js` is the bundle dist/cli/<name>.js. */
const commandsApart = apart('commands-apart', 'server/cli/main.ts', /^\.\/commands\/[A-Za-z0-9_-]+\.js$/, (p) => `cli/${basename(p)}`);
/**
 * In the 'check' command, the checker (`checkDocument.ts`, loaded by checkFiles.ts when a file
 * needs it) is the bundle dist/cli/checker.js: a check answered from the stored checks
 * (server/backend/check/storedChecks.ts) never loads it. The command names the bundle
 * (MLPIPE_CHECKER_BUNDLE) to key those results by both bundles' bytes.
 */
const CHECKER_BUNDLE = 'checker.js';
const checkerApart = apart('checker-apart', 'server/backend/check/checkFiles.ts', /^\.\/checkDocument\.js$/, () => CHECKER_BUNDLE);
/** In the 'check' command, the fixer of `--fix` (server/cli/fixFiles.ts) is the bundle dist/cli/fix.js, loaded only for it. */
const fixApart = apart('fix-apart', 'server/cli/commands/check.ts', /^\.\.\/fixFiles\.js$/, () => 'fix.js');
/** In the language server's entry, `./serverMain.js` and `./serverData.js` are the bundles dist/serverMain.js and dist/serverData.js. */
const serverApart = apart('server-apart', 'server/lsp/main.ts', /^\.\/server(Main|Data)\.js$/, (p) => basename(p));
/** `mlpipe lsp` runs the language server's entry, dist/server.js (from dist/cli/lsp.js). */
const lspApart = {
  name: 'lsp-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/\.\.\/lsp\/main\.js$/ }, (args) => (args.importer === resolve(root, 'server/cli/commands/lsp.ts') ? { path: '../server.js', external: true } : undefined));
  },
};

/**
 * zod's classic and mini APIs, and its core, re-export every locale as one namespace
 * (`z.locales`), which esbuild cannot drop: 260-360 KiB of messages in each bundle that uses zod
 * (the language server's included), compiled at every start. mlpipe uses only the English
 * messages zod installs by default, so the namespace holds English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|mini|core)[\\/]/.test(args.importer) ? { path: resolve(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

/** In the extension, `./lensBlocks.js` (the parser, for CodeLens) is the separate bundle dist/lensBlocks.js, loaded on first use. */
const lensBlocksApart = {
  name: 'lens-blocks-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/lensBlocks\.js$/ }, (args) => (args.importer === resolve(root, 'extension/lensParser.ts') ? { path: './lensBlocks.js', external: true } : undefined));
  },
};

/** In the extension, `./panelMessages.js` (the panels' message schemas, zod) is the separate bundle dist/panelMessages.js, loaded on a panel's first message. */
const panelMessagesApart = {
  name: 'panel-messages-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/panelMessages\.js$/ }, (args) =>
      args.importer === resolve(root, 'extension/webviews/panelHost.ts') ? { path: './panelMessages.js', external: true } : undefined,
    );
  },
};

// [entry, output, platform]: every entry must exist; a missing one fails the build. Add a line
// here with the file that starts a new process or webview.
const entries = [
  ['server/cli/main.ts', 'dist/cli.js', 'node'],
  ...commandFiles.map((f) => [`${COMMANDS_DIR}/${f}`, `dist/cli/${f.replace(/\.ts$/, '.js')}`, 'node']),
  ['server/backend/check/checkDocument.ts', `dist/cli/${CHECKER_BUNDLE}`, 'node'],
  ['server/cli/fixFiles.ts', 'dist/cli/fix.js', 'node'],
  // The language server's entry, small, loads the server itself (serverMain.js) through V8's code cache.
  ['server/lsp/main.ts', 'dist/server.js', 'node'],
  ['server/lsp/serverMain.ts', 'dist/serverMain.js', 'node'],
  // The data modules, loaded when the server's first complete check needs them (server/lsp/serverData.ts).
  ['server/lsp/serverData.ts', 'dist/serverData.js', 'node'],
  // The wasm training engine's worker thread, found next to the bundle that starts it.
  ['server/backend/train/native/shardWorker.ts', 'dist/trainWorker.js', 'node'],
  // The process a drift-triggered retrain runs in, found next to the bundle that serves.
  ['server/backend/monitor/retrainChild.ts', 'dist/retrainWorker.js', 'node'],
  // The prediction log's worker thread (SQLite writes, drift evaluations), beside the bundle that serves.
  ['server/backend/serve/logThread.ts', 'dist/logWorker.js', 'node'],
  // A history file re-read and indexed while serving (server/backend/serve/historyReload.ts).
  ['server/backend/serve/historyThread.ts', 'dist/historyWorker.js', 'node'],
  // The extension's entry, small, loads the extension itself (extensionMain.js) through V8's code cache.
  ['extension/loader.ts', 'dist/extension.js', 'node'],
  ['extension/main.ts', 'dist/extensionMain.js', 'node'],
  // The language client, loaded after activation, through its own code cache (extension/clientLoader.ts).
  ['extension/languageClient.ts', 'dist/languageClient.js', 'node'],
  ['extension/lensBlocks.ts', 'dist/lensBlocks.js', 'node'],
  ['extension/webviews/panelMessages.ts', 'dist/panelMessages.js', 'node'],
  ['test/e2e/suite/index.ts', 'dist/test/index.js', 'node'],
  ['server/backend/main.ts', 'dist/backend.js', 'node'],
  ['webviews/experiments/main.ts', 'dist/webviews/experiments.js', 'browser'],
  ['webviews/run/main.ts', 'dist/webviews/run.js', 'browser'],
  ['webviews/drift/main.ts', 'dist/webviews/drift.js', 'browser'],
  ['webviews/readiness/main.ts', 'dist/webviews/readiness.js', 'browser'],
];

const missing = entries.filter(([entry]) => !existsSync(resolve(root, entry)));
if (missing.length) {
  console.error(`build: missing entry point${missing.length > 1 ? 's' : ''}: ${missing.map(([e]) => e).join(', ')}`);
  process.exit(1);
}

const pluginsOf = {
  'server/cli/main.ts': [commandsApart],
  'server/cli/commands/lsp.ts': [lspApart],
  'server/cli/commands/check.ts': [checkerApart, fixApart],
  'server/lsp/main.ts': [serverApart],
  'extension/main.ts': [lensBlocksApart, panelMessagesApart],
};
const MINIFY = process.env.MLPIPE_NO_MINIFY !== '1';
const SERVER_BUNDLES = new Set(['server/lsp/serverMain.ts', 'server/lsp/serverData.ts']);
mkdirSync(resolve(root, 'dist'), { recursive: true });
const jobs = entries.map(([entry, outfile, platform]) =>
  build({
    entryPoints: [resolve(root, entry)],
    outfile: resolve(root, outfile),
    bundle: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'iife',
    target: platform === 'node' ? 'node20' : 'es2022',
    sourcemap: true,
    // Smaller bundles compile faster at every start (the CLI's, the language server's, the
    // extension's). Messages are one line, so no mapped stack is needed at run time; names are
    // kept for the errors and classes that are told apart by name.
    minify: MINIFY && !entry.startsWith('test/'),
    // Not in the language server's bundles: keeping a name wraps every function the checker
    // creates in a call to Object.defineProperty, on every keystroke; nothing there is told apart
    // by its name (its errors set theirs), and the source maps name the functions of a stack.
    keepNames: !SERVER_BUNDLES.has(entry),
    // The e2e suite runs inside VS Code next to the repo's node_modules, where mocha resolves.
    external: platform === 'node' ? (entry.startsWith('test/') ? [...external, 'mocha'] : external) : [],
    plugins: [zodEnglishOnly, ...(pluginsOf[entry] ?? [])],
    logLevel: 'warning',
    // The extension's main bundle loads the language client from its own bundle (extension/clientLoader.ts).
    define:
      entry === 'extension/main.ts'
        ? { 'process.env.MLPIPE_CLIENT_APART': '"1"' }
        : entry === 'server/cli/commands/check.ts'
          ? { 'process.env.MLPIPE_CHECKER_BUNDLE': JSON.stringify(CHECKER_BUNDLE) }
          : undefined,
    banner: entry === 'server/cli/main.ts' ? { js: '#!/usr/bin/env node' } : undefined,
  }),
);
await Promise.all(jobs);
chmodSync(resolve(root, 'dist/cli.js'), 0o755);
// The wasm engine's optional native matrix kernel: one line whether built or skipped, never a failure.
console.log(buildNative(root));
