import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { sha256Text } from '../server/backend/data/hash.js';

/**
 * A CommonJS bundle loaded through V8's code cache, kept in a folder of our own (the extension's
 * global storage). Most of activation's cost is compiling the language client (~900 KiB): with
 * the cache, V8 reads the bytecode instead (measured: about half the CPU time). Scoped to our one
 * bundle, unlike a process-wide compile cache, which would reach every extension in the host.
 */
export interface CachedModule {
  readonly exports: unknown;
  /** Whether V8 took the cache: false on the first load of a bundle, after an update, or a rejection. */
  readonly fromCache: boolean;
  /**
   * Writes the cache when it was not used. Call it after the module's first work (activation), so
   * the functions that work compiled lazily are in it too. Never throws: a cache is optional.
   */
  save(): string | undefined;
}

/** The cache's name: the bundle's content and the V8 that compiled it (V8 checks only the length). */
function cacheFile(folder: string, source: string): string {
  const key = sha256Text(`${process.versions.v8}\n${source}`).slice('sha256:'.length, 'sha256:'.length + 16);
  return join(folder, `bundle-${key}.v8cache`);
}

export function loadCached(bundle: string, folder: string): CachedModule {
  const source = readFileSync(bundle, 'utf8');
  const file = cacheFile(folder, source);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  // The require of a file at the bundle's path: 'vscode' and the bundle's siblings resolve as
  // they would for the bundle itself (VS Code finds the extension from the requiring file's path).
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
  return {
    get exports() {
      return module.exports;
    },
    fromCache,
    save() {
      if (fromCache) return undefined;
      try {
        mkdirSync(folder, { recursive: true });
        // Another window may read it meanwhile: write aside, then rename into place.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, file);
        // The caches of earlier bundles (before an update) will not be read again.
        for (const old of readdirSync(folder)) if (/^bundle-\w+\.v8cache$/.test(old) && join(folder, old) !== file) rmSync(join(folder, old), { force: true });
        return file;
      } catch {
        return undefined;
      }
    },
  };
}
