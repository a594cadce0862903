// The extension's entry (dist/extension.js): small, so that VS Code's require of it is quick; it
// loads the extension itself (dist/extensionMain.js) through V8's code cache and hands activation
// to it at once. The language client is a third bundle, loaded after activation (clientLoader.ts).
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { loadCached } from '../server/runtime/codeCache.js';
import type * as Main from './main.js';
import { ServerProcesses } from './serverProcess.js';

/** The bundle of extension/main.ts, beside this one. */
export const MAIN_BUNDLE = 'extensionMain.js';

let main: typeof Main | undefined;

export function loadMain(folder: string): { main: typeof Main; save: () => string | undefined; fromCache: boolean } {
  const loaded = loadCached(join(__dirname, MAIN_BUNDLE), folder);
  return { main: loaded.exports as typeof Main, save: () => loaded.save(), fromCache: loaded.fromCache };
}

export async function activate(context: vscode.ExtensionContext): Promise<Main.MlpipeApi> {
  const at = performance.now();
  // First of all: the language server's own start (node, its modules) then runs beside the
  // loads of the extension's bundles instead of after them.
  const server = new ServerProcesses(context.asAbsolutePath('dist/server.js'));
  server.startEarly();
  const loading = performance.now();
  const loaded = loadMain(context.globalStorageUri.fsPath);
  main = loaded.main;
  const api = await main.activate(context, { at, bundleMs: performance.now() - loading, fromCache: loaded.fromCache }, server);
  // After activation, so what it compiled is cached too; off the activation path.
  setImmediate(() => loaded.save());
  return api;
}

export async function deactivate(): Promise<void> {
  await main?.deactivate();
}
