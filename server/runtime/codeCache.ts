import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { sha256Text } from '../backend/data/hash.js';

/**
 * A CommonJS bundle loaded through V8's code cache, kept in a folder of our own (the extension's
 * global storage, the CLI's user cache folder). Most of activation's cost is compiling the language client (~900 KiB): with
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

/**
 * Where the processes outside the extension host (the CLI, the language server) keep their code
 * caches: `$MLPIPE_CACHE_DIR`, else `$XDG_CACHE_HOME/mlpipe`, else `~/.cache/mlpipe`; in its `v8/`.
 */
export function userCodeCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.MLPIPE_CACHE_DIR || (env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, 'mlpipe') : join(homedir(), '.cache', 'mlpipe'));
  return join(base, 'v8');
}

/**
 * `mkdir -p`, bounded: Node's recursive mkdir never returns under /proc (it retries forever), and
 * a cache folder is anybody's setting.
 */
function makeFolder(folder: string, depth = 0): void {
  try {
    mkdirSync(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || depth > 32 || dirname(folder) === folder) throw e;
    makeFolder(dirname(folder), depth + 1);
    mkdirSync(folder);
  }
}

/** The bundle's name without '.js': several bundles share a folder, each keeps its own cache. */
const stem = (bundle: string) => basename(bundle).replace(/\.c?js$/, '');

const hex = (text: string, length: number) => sha256Text(text).slice('sha256:'.length, 'sha256:'.length + length);

/**
 * The start of the cache names of one bundle file: its name and its absolute path. V8 keeps the
 * script name of the process that wrote a cache, so two installs of one version (two projects'
 * `node_modules`, two clones) sharing a cache would print each other's paths in stack traces.
 */
const pathPrefix = (bundle: string) => `${stem(bundle)}-${hex(resolve(bundle), 8)}-`;

/** The cache's name: the bundle's name and path, its content and the V8 that compiled it (V8 checks only the length). */
function cacheFile(folder: string, bundle: string, source: string): string {
  return join(folder, `${pathPrefix(bundle)}${hex(`${process.versions.v8}\n${source}`, 16)}.v8cache`);
}

/**
 * A script compiled here has no loader for `import()` (Node's stand-in for one is experimental and
 * warns on stderr), so a bundle that calls it is required as usual, without a cache.
 */
const DYNAMIC_IMPORT = /[^\w$.]import\(/;

export function loadCached(bundle: string, folder: string): CachedModule {
  const source = readFileSync(bundle, 'utf8');
  if (DYNAMIC_IMPORT.test(source)) {
    const exports: unknown = Module.createRequire(bundle)(bundle);
    return { exports, fromCache: false, save: () => undefined };
  }
  const file = cacheFile(folder, bundle, source);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  if (fromCache) keepFresh(file);
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
        makeFolder(folder);
        // Another window may read it meanwhile: write aside, then rename into place.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, file);
        // The caches of this file's earlier content (before an update) will not be read again;
        // another install's are its own, and so may be a name without a path key (an older version's).
        const prefix = pathPrefix(bundle);
        for (const old of readdirSync(folder))
          if (old.startsWith(prefix) && /^\w{16}\.v8cache$/.test(old.slice(prefix.length)) && join(folder, old) !== file) rmSync(join(folder, old), { force: true });
          else if (/\.(v8cache|tmp)$/.test(old)) removeIfUnused(join(folder, old));
        return file;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * How long a cache no process has read stays: the caches of installs that are gone (a deleted
 * clone, a project's old `node_modules`, an older version's names) would otherwise stay forever,
 * a few hundred KiB per install and command. A cache read marks itself fresh (`keepFresh`).
 */
export const UNUSED_CACHE_MS = 30 * 24 * 3600 * 1000;

/** Marks a cache just read as used, at most once a day (a write per load would cost every start). */
function keepFresh(file: string): void {
  try {
    const now = Date.now();
    if (statSync(file).mtimeMs < now - 24 * 3600 * 1000) utimesSync(file, now / 1000, now / 1000);
  } catch {
    // read-only folder: the cache may go after a month, and is then written again
  }
}

function removeIfUnused(path: string): void {
  try {
    if (statSync(path).mtimeMs < Date.now() - UNUSED_CACHE_MS) rmSync(path, { force: true });
  } catch {
    // gone meanwhile, or not ours to remove
  }
}

/** What `loadUserCached` loaded in this process, saved together by `saveUserCached`. */
const userLoaded: CachedModule[] = [];

/**
 * The built CLI's command bundles and the language server's bundle, loaded through a code cache
 * in the user's cache folder (the build routes their imports here: scripts/build.mjs). An
 * unwritable folder only means no cache.
 */
export function loadUserCached(bundle: string): unknown {
  const m = loadCached(bundle, userCodeCacheFolder());
  userLoaded.push(m);
  return m.exports;
}

/** After the first work (a command, a first check), so what it compiled is cached too. Never throws. */
export function saveUserCached(): void {
  for (const m of userLoaded.splice(0)) m.save();
}
