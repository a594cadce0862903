import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache, sha256File, type HashFs } from '../../../server/backend/data/hash.js';
import { sourceVersion } from '../../../server/backend/data/versions.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-hash-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const expected = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('sha256File equals crypto over the whole buffer, across chunk boundaries', async () => {
  const chunk = 8 * 1024 * 1024;
  for (const size of [0, 1, 1000, chunk - 1, chunk, chunk + 1, 2 * chunk + 12345]) {
    const bytes = randomBytes(size);
    const file = join(dir, `f${size}.bin`);
    writeFileSync(file, bytes);
    assert.equal(await sha256File(file), expected(bytes), `size ${size}`);
  }
});

test('sha256File of a missing file rejects', async () => {
  await assert.rejects(sha256File(join(dir, 'nope.bin')), /ENOENT/);
});

test('the cache never re-reads an unchanged file and re-reads a changed one', async () => {
  let reads = 0;
  const countingFs: HashFs = { stat: (p) => stat(p), hash: (p) => (reads++, sha256File(p)) };
  const cache = new HashCache(countingFs);
  const file = join(dir, 'cached.csv');
  writeFileSync(file, 'a,b\n1,2\n');
  // Older than the racy window, so size and mtime alone are trusted.
  utimesSync(file, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
  const first = await cache.hash(file);
  assert.equal(await cache.hash(file), first);
  assert.equal(reads, 1);
  writeFileSync(file, 'a,b\n1,3\n');
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const second = await cache.hash(file);
  assert.notEqual(second, first);
  assert.equal(second, expected(Buffer.from('a,b\n1,3\n')));
  assert.equal(reads, 2);
});

test('same size and restored mtime: the cached value is returned (the key is path, size, mtime)', async () => {
  const cache = new HashCache();
  const file = join(dir, 'restored.csv');
  // Whole seconds, so restoring the time is exact on every file system.
  const when = new Date('2025-01-02T03:04:05Z');
  writeFileSync(file, 'x\n1\n');
  utimesSync(file, when, when);
  const first = await cache.hash(file);
  writeFileSync(file, 'x\n2\n');
  utimesSync(file, when, when);
  assert.equal(statSync(file).mtimeMs, when.getTime());
  assert.equal(await cache.hash(file), first);
  cache.invalidate(file);
  assert.equal(await cache.hash(file), expected(Buffer.from('x\n2\n')));
});

test('racily clean: a file as new as the clock is re-read even when size and mtime are unchanged', async () => {
  const file = join(dir, 'racy.csv');
  writeFileSync(file, 'x\n1\n');
  // A whole second, so putting the time back is exact on every file system.
  const when = new Date('2026-01-02T03:04:05Z');
  utimesSync(file, when, when);
  let reads = 0;
  let clock = when.getTime() + 10; // looked at within the same tick as the write
  const cache = new HashCache({ stat: (p) => stat(p), hash: (p) => (reads++, sha256File(p)) }, () => clock);
  const first = await cache.hash(file);
  // Rewritten in the same tick: same size, and the mtime is put back exactly.
  writeFileSync(file, 'x\n2\n');
  utimesSync(file, when, when);
  assert.equal(statSync(file).mtimeMs, when.getTime());
  const second = await cache.hash(file);
  assert.notEqual(second, first);
  assert.equal(second, expected(Buffer.from('x\n2\n')));
  // Once the file is older than the window when it is read, size and mtime are trusted again.
  clock = when.getTime() + 60_000;
  const before = reads;
  const third = await cache.hash(file);
  assert.equal(await cache.hash(file), third);
  assert.equal(reads, before + 1, 'one read makes a trusted entry; the next is answered from it');
});

test('concurrent requests for a racy file share one read', async () => {
  let reads = 0;
  const cache = new HashCache(
    { stat: async () => ({ size: 1, mtimeMs: 1000, isFile: () => true }), hash: async () => (reads++, 'sha256:same') },
    () => 1000,
  );
  const all = await Promise.all([cache.hash('/y'), cache.hash('/y'), cache.hash('/y')]);
  assert.deepEqual(all, ['sha256:same', 'sha256:same', 'sha256:same']);
  assert.equal(reads, 1);
});

test('a failed hash is not cached', async () => {
  let fail = true;
  const cache = new HashCache({
    stat: async () => ({ size: 1, mtimeMs: 1, isFile: () => true }),
    hash: async () => {
      if (fail) throw new Error('disk went away');
      return 'sha256:ok';
    },
  });
  await assert.rejects(cache.hash('/x'), /disk went away/);
  fail = false;
  assert.equal(await cache.hash('/x'), 'sha256:ok');
});

test('a source that is no regular file is refused naming what it is, at once: a pipe was waited on and /dev/zero hashed without end', { skip: process.platform === 'win32' }, async () => {
  const fifo = join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(sha256File(fifo), (e: NodeJS.ErrnoException & { reason?: string }) => e.code === 'ENOTREG' && e.reason === 'is a named pipe (FIFO), not a file');
  await assert.rejects(new HashCache().hash('/dev/zero'), (e: NodeJS.ErrnoException & { reason?: string }) => e.reason === 'is a character device, not a file');
  // What reproduce says of such a source (it said 'is gone' of a folder).
  for (const [path, what] of [
    [fifo, 'is a named pipe (FIFO), not a file'],
    [dir, 'is a folder'],
    [join(dir, 'nothing.csv'), 'is gone'],
  ]) {
    const v = await sourceVersion(new HashCache(), path!, { source: 'd.csv', table: 't' }, 'sha256:0123456789abcdef0123');
    assert.equal(v.mismatch, `d.csv (table t) ${what}: restore the file this run used (sha256:0123456789ab…) to reproduce it`);
  }
});
