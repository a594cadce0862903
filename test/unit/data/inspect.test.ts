import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { DataInspector, inspectSource, isMutableSource } from '../../../server/backend/data/inspect.js';
import { loadTable } from '../../../server/backend/data/load.js';
import { DataError } from '../../../server/mlpipe/data/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-inspect-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const sha = (p: string): string => `sha256:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;

test('a whole CSV: header, types, missing and distinct counts, raw values, hash', async () => {
  const p = write('c.csv', 'id,plan,tenure,charge\nC1,basic,3,10.5\nC2,premium,NA,20\nC1,basic,5,\n');
  const info = await inspectSource(p);
  assert.equal(info.status, 'ok');
  assert.equal(info.format, 'csv');
  assert.equal(info.sampled, false);
  assert.equal(info.rowsRead, 3);
  assert.equal(info.hash, sha(p));
  assert.equal(info.size, readFileSync(p).length);
  assert.deepEqual(info.columns, [
    { name: 'id', type: 'string', missing: 0, distinct: 2 },
    { name: 'plan', type: 'string', missing: 0, distinct: 2 },
    { name: 'tenure', type: 'integer', missing: 1, distinct: 2 },
    { name: 'charge', type: 'number', missing: 1, distinct: 2 },
  ]);
  assert.deepEqual(info.values!('tenure'), ['3', null, '5']);
  assert.equal(info.values!('nope'), undefined);
});

test('missing, mutable and unreadable sources', async () => {
  assert.deepEqual(await inspectSource(join(dir, 'absent.csv')), { status: 'missing', path: join(dir, 'absent.csv') });
  for (const src of ['https://example.com/x.csv', 's3://bucket/x.csv', join(dir, '*.csv'), join(dir, 'part-?.csv'), join(dir, '[ab].csv')]) {
    assert.equal(isMutableSource(src), true, src);
    assert.equal((await inspectSource(src)).status, 'mutable', src);
  }
  assert.equal(isMutableSource('/data/plain.csv'), false);
  const ragged = await inspectSource(write('bad.csv', 'a,b\n1,2\n1,2,3\n'));
  assert.equal(ragged.status, 'unreadable');
  assert.match(ragged.error!, /^line 3: expected 2 fields \(as in the header\), found 3/);
  const empty = await inspectSource(write('empty.csv', ''));
  assert.equal(empty.status, 'unreadable');
  assert.match(empty.error!, /empty/);
  const dup = await inspectSource(write('dup.csv', 'a,a\n1,2\n'));
  assert.match(dup.error!, /duplicate column name 'a'/);
  assert.equal((await inspectSource(dir)).status, 'unreadable');
});

test('a file over maxBytes is sampled from its start, cut at a record boundary; the hash is still whole', async () => {
  const lines = ['n,text'];
  for (let i = 0; i < 2000; i++) lines.push(`${i},"row ${i}\nsecond line"`);
  const p = write('big.csv', lines.join('\n') + '\n');
  const info = await inspectSource(p, { maxBytes: 4096 });
  assert.equal(info.status, 'ok');
  assert.equal(info.sampled, true);
  assert.ok(info.rowsRead! > 50 && info.rowsRead! < 2000, `rowsRead ${info.rowsRead}`);
  const texts = info.values!('text')!;
  assert.equal(texts.length, info.rowsRead);
  assert.equal(texts[texts.length - 1], `row ${texts.length - 1}\nsecond line`);
  assert.equal(info.hash, sha(p));
  const whole = await inspectSource(p, { maxBytes: 10_000_000 });
  assert.equal(whole.sampled, false);
  assert.equal(whole.rowsRead, 2000);
});

test('DataInspector caches by path, size and mtime', async () => {
  const p = write('cached.csv', 'a\n1\n');
  const inspector = new DataInspector();
  const first = await inspector.inspect(p);
  assert.equal(await inspector.inspect(p), first);
  writeFileSync(p, 'a\nx\ny\n');
  utimesSync(p, new Date(), new Date(Date.now() + 10_000));
  const second = await inspector.inspect(p);
  assert.notEqual(second, first);
  assert.equal(second.columns![0]!.type, 'string');
  assert.equal(second.rowsRead, 2);
  assert.equal(second.hash, sha(p));
});

test('DataInspector: a file rewritten within its mtime tick (same size, same mtime) is inspected afresh', async () => {
  const p = write('racy.csv', 'a\n1\n');
  // A whole second, so putting the time back is exact on every file system; within the racy window.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  utimesSync(p, now, now);
  const inspector = new DataInspector();
  const first = await inspector.inspect(p);
  assert.equal(await inspector.inspect(p), first, 'unchanged bytes: the inspection is reused');
  writeFileSync(p, 'a\nx\n');
  utimesSync(p, now, now);
  assert.equal(statSync(p).mtimeMs, now.getTime());
  const second = await inspector.inspect(p);
  assert.notEqual(second, first);
  assert.equal(second.columns![0]!.type, 'string');
  assert.equal(second.hash, sha(p));
});

test('a symbolic link to nothing is unreadable, naming its target, in the checker and the loader alike; a folder says it is one', async () => {
  const link = join(dir, 'linked.csv');
  symlinkSync(join(dir, 'gone', 'customers.csv'), link);
  const info = await inspectSource(link);
  assert.equal(info.status, 'unreadable');
  const why = `a symbolic link to '${join(dir, 'gone', 'customers.csv')}', which does not exist`;
  assert.equal(info.error, why);
  await assert.rejects(loadTable('t', link, { source: 'linked.csv' }), (e: unknown) => e instanceof DataError && e.message === `linked.csv: ${why}`);
  // The checker named it missing and suggested the very name written ("Did you mean 'linked.csv'?").
  const text = 'pipeline p\n\ndata t {\n  source = "linked.csv"\n  target = y\n}\n';
  const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector());
  const hit = checked.diagnostics.filter((d) => d.code.startsWith('repro/') && d.code.endsWith('-source'));
  assert.deepEqual(hit.map((d) => [d.code, d.message]), [['repro/unreadable-source', `'linked.csv' cannot be read as a data file: ${why}`]]);
  mkdirSync(join(dir, 'folder.parquet'));
  assert.match((await inspectSource(join(dir, 'folder.parquet'))).error!, /^not a file but a folder: point source at one data file in it$/);
  await assert.rejects(loadTable('t', join(dir, 'folder.parquet'), { source: 'folder.parquet' }), /folder\.parquet: not a file but a folder/);
});

// The spec: a source that 'is not a regular file' is repro/unreadable-source. A named pipe would
// block a reader that opened it until something wrote to it, so it must be judged without reading.
test('a named pipe is unreadable at once, in the checker and the loader alike, without blocking', { skip: process.platform === 'win32', timeout: 20_000 }, async () => {
  const fifo = join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  const info = await inspectSource(fifo);
  assert.equal(info.status, 'unreadable');
  assert.equal(info.error, 'is a named pipe (FIFO), not a file');
  await assert.rejects(loadTable('t', fifo, { source: 'pipe.csv' }), (e: unknown) => e instanceof DataError && e.message === 'pipe.csv: is a named pipe (FIFO), not a file');
  const text = 'pipeline p\n\ndata t {\n  source = "pipe.csv"\n  target = y\n}\n';
  const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector());
  assert.deepEqual(
    checked.diagnostics.filter((d) => d.code === 'repro/unreadable-source').map((d) => d.message),
    ["'pipe.csv' cannot be read as a data file: is a named pipe (FIFO), not a file"],
  );
});

test('a sample that ends before the first line does is no empty file: the first line is said to be too long for the sample', async () => {
  const p = join(dir, 'one-line.csv');
  writeFileSync(p, 'a'.repeat(5000));
  const info = await inspectSource(p, { maxBytes: 1000 });
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /^line 1: the first line does not end within the first 1,000 bytes, all the checker reads of a file this large \(--max-sample-bytes/);
  // Whole, the same file is one column and no rows; an empty file is still empty.
  assert.equal((await inspectSource(p)).status, 'ok');
  writeFileSync(join(dir, 'empty.csv'), '');
  assert.match((await inspectSource(join(dir, 'empty.csv'), { maxBytes: 1000 })).error!, /the file is empty/);
});

test('a device named as a source is named as one, in the checker and the loader alike', { skip: process.platform === 'win32' }, async () => {
  assert.equal((await inspectSource('/dev/zero')).error, 'is a character device, not a file');
  await assert.rejects(loadTable('t', '/dev/zero', { source: '/dev/zero' }), (e: unknown) => e instanceof DataError && e.message === '/dev/zero: is a character device, not a file');
});
