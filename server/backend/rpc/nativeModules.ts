import type { NativeModuleStatus } from '../../protocol/backend.js';

/**
 * Loads the native modules the backend needs and says which fail and why. A module built for
 * another Node ABI fails with NODE_MODULE_VERSION in its message: that number tells the
 * extension which Node to start the backend on instead.
 */
export function probeNativeModules(load: (name: string) => unknown = require): NativeModuleStatus[] {
  const out: NativeModuleStatus[] = [];
  for (const name of ['better-sqlite3']) {
    try {
      const Database = load(name) as new (file: string) => { close(): void };
      // Requiring is lazy for better-sqlite3: opening a database loads the binary.
      new Database(':memory:').close();
      out.push({ name, ok: true });
    } catch (e) {
      out.push(moduleFailure(name, e));
    }
  }
  return out;
}

export function moduleFailure(name: string, e: unknown): NativeModuleStatus {
  const message = e instanceof Error ? e.message : String(e);
  const built = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  const firstLine = message.split('\n').find((l) => l.trim()) ?? message;
  return { name, ok: false, error: firstLine.trim(), ...(built ? { builtForAbi: Number(built[1]) } : {}) };
}
