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
