import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// Activation loads dist/extensionMain.js; the language client is its own bundle, loaded after
// activation (extension/clientLoader.ts). Both as built by `npm run build`.
const dist = join(__dirname, '../../../dist');

test('the main bundle leaves the language client out: it has none of its protocol', () => {
  const main = readFileSync(join(dist, 'extensionMain.js'), 'utf8');
  assert.doesNotMatch(main, /textDocument\/didOpen/, 'dist/extensionMain.js holds the language protocol: the client is bundled into activation again');
  assert.match(readFileSync(join(dist, 'languageClient.js'), 'utf8'), /textDocument\/didOpen/);
});

test('the client bundle, required as the session loads it, gives the client factory and its states', () => {
  // A fresh plain node with a stand-in for 'vscode' (the client bundle reads it at load).
  const code = `const Module = require('node:module');
const any = new Proxy(function () {}, { get: (_t, k) => (k === 'then' ? undefined : any), apply: () => any, construct: () => any });
const original = Module._load;
Module._load = (request, ...rest) => (request === 'vscode' ? any : original(request, ...rest));
const m = require(${JSON.stringify(join(dist, 'languageClient.js'))});
process.stdout.write(JSON.stringify({ factory: typeof m.createLanguageClient, running: m.State.Running, starting: m.State.Starting }));`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
  const got = JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', env })) as unknown;
  assert.deepEqual(got, { factory: 'function', running: 2, starting: 3 });
});
