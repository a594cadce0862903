import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { loadCached, UNUSED_CACHE_MS, userCodeCacheFolder } from '../../../server/runtime/codeCache.js';

let dir: string;
let cache: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-codecache-'));
  cache = join(dir, 'storage', 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A real CommonJS bundle that requires its sibling, as extensionMain.js requires lensBlocks.js. */
function writeBundle(body: string): string {
  writeFileSync(join(dir, 'sibling.js'), 'exports.seven = 7;\n');
  const file = join(dir, 'bundle.js');
  writeFileSync(file, `const { seven } = require('./sibling.js');\nexports.where = __filename;\nexports.value = () => ${body};\n`);
  return file;
}

/**
 * A load in a fresh process: within one process V8 answers a source it has compiled before from
 * its own in-memory cache, so only a fresh process shows whether the file's cache was taken.
 */
function loadFresh(bundle: string, call = 'value()'): { fromCache: boolean; value: unknown; saved: string | null } {
  const code = `const { loadCached } = require(${JSON.stringify(join(__dirname, '../../../server/runtime/codeCache.ts'))});
const l = loadCached(${JSON.stringify(bundle)}, ${JSON.stringify(cache)});
process.stdout.write(JSON.stringify({ fromCache: l.fromCache, value: l.exports.${call}, saved: l.save() ?? null }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' })) as { fromCache: boolean; value: unknown; saved: string | null };
}

test('the first load compiles and saves the cache; the next one is read from it, with the same exports', () => {
  const bundle = writeBundle('seven * 6');
  const first = loadCached(bundle, cache);
  assert.equal(first.fromCache, false);
  assert.equal((first.exports as { value: () => number }).value(), 42);
  const saved = first.save();
  assert.ok(saved && readFileSync(saved).length > 0, 'a cache file was written');
  assert.deepEqual(loadFresh(bundle), { fromCache: true, value: 42, saved: null }, 'read from the cache, nothing to write');
  assert.equal((first.exports as { where: string }).where, bundle, '__filename is the bundle');
});

test('a changed bundle of the same length is never answered from the old cache, and the old cache is removed', () => {
  const first = loadCached(writeBundle('seven * 6'), cache);
  const old = first.save()!;
  const changed = loadCached(writeBundle('seven * 7'), cache);
  assert.equal(changed.fromCache, false);
  assert.equal((changed.exports as { value: () => number }).value(), 49);
  changed.save();
  assert.deepEqual(readdirSync(cache).length, 1);
  assert.ok(!readdirSync(cache).includes(old.slice(cache.length + 1)));
});

test('a corrupt cache file is rejected by V8: the bundle still loads right and the cache is rewritten', () => {
  const bundle = writeBundle('seven + 1');
  const saved = loadFresh(bundle).saved!;
  writeFileSync(saved, Buffer.alloc(readFileSync(saved).length, 7));
  assert.deepEqual(loadFresh(bundle), { fromCache: false, value: 8, saved });
  assert.deepEqual(loadFresh(bundle), { fromCache: true, value: 8, saved: null });
});

test('an unwritable cache folder loses nothing: the bundle loads, save says no', () => {
  const bundle = writeBundle('1');
  writeFileSync(join(dir, 'storage'), 'a file where the folder should be');
  const loaded = loadCached(bundle, cache);
  assert.equal((loaded.exports as { value: () => number }).value(), 1);
  assert.equal(loaded.save(), undefined);
});

test('bundles sharing a folder keep their own caches: saving one never removes another', () => {
  const one = writeBundle('seven');
  const two = join(dir, 'two.js');
  writeFileSync(two, 'exports.value = () => 2;\n');
  const a = loadCached(one, cache).save()!;
  const b = loadCached(two, cache).save()!;
  assert.deepEqual(readdirSync(cache).sort(), [a, b].map((f) => f.slice(cache.length + 1)).sort());
  assert.match(b, /[\\/]two-[0-9a-f]{8}-\w{16}\.v8cache$/);
});

test('two installs of one bundle (same name and content, two folders) keep two caches: a cache names the path that wrote it, and one clean-up leaves the other', () => {
  const source = `exports.where = () => __filename;\nexports.fail = () => new Error('here').stack;\n`;
  const copies = ['one', 'two'].map((name) => {
    mkdirSync(join(dir, name, 'dist'), { recursive: true });
    const file = join(dir, name, 'dist', 'bundle.js');
    writeFileSync(file, source);
    return file;
  });
  const [first, second] = copies.map((file) => loadFresh(file, 'where()').saved!);
  assert.notEqual(first, second, 'one cache file each');
  assert.deepEqual(readdirSync(cache).sort(), [first, second].map((f) => f.slice(cache.length + 1)).sort());
  // The second install's stack names its own file, read from its own cache.
  const stack = loadFresh(copies[1], 'fail()');
  assert.equal(stack.fromCache, true);
  assert.match(String(stack.value), new RegExp(`${join(dir, 'two')}`.replace(/[\\/.]/g, '\\$&')));
  // An update of the first install removes its old cache, never the second's.
  writeFileSync(copies[0], source + '// updated\n');
  const updated = loadFresh(copies[0], 'where()').saved!;
  assert.deepEqual(readdirSync(cache).sort(), [updated, second].map((f) => f.slice(cache.length + 1)).sort());
});

test("caches no process read for a month (installs that are gone, older names) are removed when another is saved; a cache read is kept fresh", () => {
  mkdirSync(cache, { recursive: true });
  const aged = (name: string, days: number) => {
    const f = join(cache, name);
    writeFileSync(f, 'x');
    const t = (Date.now() - days * 24 * 3600 * 1000) / 1000;
    utimesSync(f, t, t);
    return f;
  };
  const monthAgo = Math.ceil(UNUSED_CACHE_MS / (24 * 3600 * 1000)) + 1;
  aged('check-0badc0de-0123456789abcdef.v8cache', monthAgo); // a deleted clone's
  aged('server-0123456789abcdef.v8cache', monthAgo); // an older version's name, no path key
  aged('check-0badc0de-0123456789abcdef.v8cache.77.tmp', monthAgo); // a write cut short
  aged('notes.txt', monthAgo); // not a cache
  aged('lsp-1234abcd-0123456789abcdef.v8cache', 3); // another install's, in use
  const bundle = writeBundle('1');
  const saved = loadFresh(bundle).saved!;
  assert.deepEqual(readdirSync(cache).sort(), ['lsp-1234abcd-0123456789abcdef.v8cache', 'notes.txt', saved.slice(cache.length + 1)].sort());
  // A cache read after two days is marked fresh, so a month of daily use never ages it out.
  const t = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
  utimesSync(saved, t, t);
  assert.equal(loadFresh(bundle).fromCache, true);
  assert.ok(statSync(saved).mtimeMs > Date.now() - 3600 * 1000, 'the read cache was touched');
});

test('a bundle that calls import() is required as usual, without a cache (a compiled script has no loader for it)', async () => {
  writeFileSync(join(dir, 'sibling.mjs'), 'export const x = 5;\n');
  const file = join(dir, 'dynamic.js');
  writeFileSync(file, "exports.value = () => import('./sibling.mjs').then((m) => m.x);\n");
  const loaded = loadCached(file, cache);
  assert.equal(loaded.fromCache, false);
  assert.equal(await (loaded.exports as { value: () => Promise<number> }).value(), 5);
  assert.equal(loaded.save(), undefined);
});

test('a cache folder that cannot be made (under /proc, where a recursive mkdir never returns) only means no cache', { skip: process.platform !== 'linux' }, () => {
  const loaded = loadCached(writeBundle('3'), '/proc/mlpipe-no-such/v8');
  assert.equal((loaded.exports as { value: () => number }).value(), 3);
  assert.equal(loaded.save(), undefined);
});

test("the CLI's and language server's cache folder follows MLPIPE_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache", () => {
  assert.equal(userCodeCacheFolder({ MLPIPE_CACHE_DIR: '/a', XDG_CACHE_HOME: '/b' }), join('/a', 'v8'));
  assert.equal(userCodeCacheFolder({ XDG_CACHE_HOME: '/b' }), join('/b', 'mlpipe', 'v8'));
  assert.match(userCodeCacheFolder({}), /[\\/]\.cache[\\/]mlpipe[\\/]v8$/);
});

test("the built extension bundle has no dynamic import, which a script compiled through the code cache cannot run", () => {
  const bundle = join(__dirname, '../../../dist/extensionMain.js');
  const text = readFileSync(bundle, 'utf8');
  assert.doesNotMatch(text, /[^\w$.]import\(/, 'dist/extensionMain.js calls import(): load it with require instead');
});
