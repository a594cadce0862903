// The one reader of pipeline files (every command and the language server's workspace index):
// only regular files, of bounded size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_PIPELINE_BYTES, readPipelineFile, readPipelineRaw } from '../../../server/backend/check/pipelineFile.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-pipelinefile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The error a read throws: its code and message. */
async function refusal(path: string, limit?: number): Promise<{ code?: string; message: string }> {
  try {
    await readPipelineFile(path, limit);
  } catch (e) {
    return { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message };
  }
  assert.fail(`${path} was read`);
}

test('a regular file is read whole, without its BOM (the raw read keeps it)', async () => {
  const p = join(dir, 'bom.mlpipe');
  writeFileSync(p, '\ufeffpipeline p\n');
  assert.equal(await readPipelineFile(p), 'pipeline p\n');
  assert.equal(await readPipelineRaw(p), '\ufeffpipeline p\n');
  const empty = join(dir, 'empty.mlpipe');
  writeFileSync(empty, '');
  assert.equal(await readPipelineFile(empty), '');
});

test('/dev/zero is refused as a device at once, not read until memory runs out', { skip: !existsSync('/dev/zero') }, async () => {
  assert.deepEqual(await refusal('/dev/zero'), { code: 'ENOTREG', message: 'is a character device, not a file' });
});

test('a named pipe is refused without waiting for a writer', { skip: process.platform === 'win32' }, async () => {
  const fifo = join(dir, 'fifo.mlpipe');
  execFileSync('mkfifo', [fifo]);
  assert.deepEqual(await refusal(fifo), { code: 'ENOTREG', message: 'is a named pipe (FIFO), not a file' });
});

test('a folder is EISDIR, as reading one is; a missing file is ENOENT', async () => {
  assert.equal((await refusal(dir)).code, 'EISDIR');
  assert.equal((await refusal(join(dir, 'nothing.mlpipe'))).code, 'ENOENT');
});

test('a file over the limit is refused naming its size and the limit; one at the limit is read', async () => {
  assert.equal(MAX_PIPELINE_BYTES, 8 * 1024 * 1024);
  const p = join(dir, 'big.mlpipe');
  writeFileSync(p, '#'.repeat(3 * 1024 * 1024 + 1));
  assert.deepEqual(await refusal(p, 3 * 1024 * 1024), { code: 'EFBIG', message: 'is over 3 MiB, more than a pipeline file may be (3 MiB)' });
  writeFileSync(p, '#'.repeat(1024 * 1024 * 2.5));
  assert.deepEqual(await refusal(p, 2 * 1024 * 1024), { code: 'EFBIG', message: 'is 2.5 MiB, more than a pipeline file may be (2 MiB)' });
  assert.equal((await readPipelineFile(p, 2.5 * 1024 * 1024)).length, 2.5 * 1024 * 1024);
});

test('a pipeline file that is not UTF-8 text is refused naming the line and what it seems to be, not parsed into syntax errors', async () => {
  const cases: Array<[string, Buffer, string]> = [
    ['utf16-bom.mlpipe', Buffer.from('\ufeffpipeline p\n', 'utf16le'), 'line 1: is not UTF-8 text (byte 0xFF, byte 1 of the line): it starts like UTF-16 (little-endian): save it as UTF-8'],
    ['utf16.mlpipe', Buffer.from('pipeline p\n', 'utf16le'), 'line 1: holds NUL bytes beside its characters: the file seems to be UTF-16 (little-endian) without a byte-order mark: save it as UTF-8'],
    ['utf16be.mlpipe', Buffer.from('pipeline p\n', 'utf16le').swap16(), 'line 1: holds NUL bytes beside its characters: the file seems to be UTF-16 (big-endian) without a byte-order mark: save it as UTF-8'],
    ['latin1.mlpipe', Buffer.from('pipeline p\ndata t { source = "n\xf6rth.csv" }\n', 'latin1'), 'line 2: is not UTF-8 text (byte 0xF6, byte 21 of the line): save it as UTF-8 (it may be Latin-1 or Windows-1252)'],
    ['zeros.mlpipe', Buffer.from('pipeline p\n\0\0\0\0\n'), 'line 2: holds a NUL byte, which no pipeline text has: the file is damaged or not text'],
  ];
  for (const [name, bytes, message] of cases) {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    assert.deepEqual(await refusal(p), { code: 'EILSEQ', message }, name);
  }
  // UTF-8 beyond ASCII, and its BOM, are read.
  const p = join(dir, 'utf8.mlpipe');
  writeFileSync(p, '\ufeffpipeline p # nörth ✓\n');
  assert.equal(await readPipelineFile(p), 'pipeline p # nörth ✓\n');
});
