import { join } from 'node:path';
import { loadCached } from '../server/runtime/codeCache.js';
import type * as Client from './languageClient.js';

/**
 * The language client (vscode-languageclient with its protocol, jsonrpc and types packages: most
 * of the extension's code) is its own bundle, dist/languageClient.js, with its own code cache, so
 * activation registers commands, views and the status bar without compiling it. The session loads
 * it right after activation has answered.
 */
export const CLIENT_BUNDLE = 'languageClient.js';

export interface LoadedClient {
  readonly module: typeof Client;
  /** Reading and compiling the bundle. */
  readonly ms: number;
  readonly fromCache: boolean;
  /** Writes the bundle's code cache when it was not used; call once the client has started. */
  save(): void;
}

let loading: Promise<LoadedClient> | undefined;

/** Once per extension host; `cacheFolder` is the extension's global storage. */
export function loadLanguageClient(cacheFolder: string): Promise<LoadedClient> {
  // A failed load is tried again at the next start (a restart), not answered from memory.
  return (loading ??= load(cacheFolder).catch((e: unknown) => {
    loading = undefined;
    throw e;
  }));
}

async function load(cacheFolder: string): Promise<LoadedClient> {
  // A macrotask later: activate()'s promise is answered first, without waiting for this load.
  await new Promise((resolve) => setImmediate(resolve));
  const at = performance.now();
  // The build defines this (scripts/build.mjs), and the require below is left out of the bundle.
  // Run from source (tests), the client is required as any module.
  // (An if/else: esbuild leaves out the require only of a branch it knows is dead.)
  if (process.env.MLPIPE_CLIENT_APART === '1') {
    const loaded = loadCached(join(__dirname, CLIENT_BUNDLE), cacheFolder);
    return { module: loaded.exports as typeof Client, ms: performance.now() - at, fromCache: loaded.fromCache, save: () => void loaded.save() };
  } else {
    const module = require('./languageClient.js') as typeof Client;
    return { module, ms: performance.now() - at, fromCache: false, save: () => undefined };
  }
}
