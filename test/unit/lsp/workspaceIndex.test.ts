// The workspace index reads closed pipeline files from disk for workspace/symbol: a watched-file
// event may name anything called *.mlpipe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkspaceIndex } from '../../../server/lsp/workspaceIndex.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-workspaceindex-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a named pipe called x.mlpipe is left out at once: workspace/symbol does not wait on it for a writer', { skip: process.platform === 'win32' }, async () => {
  const fifo = join(dir, 'fifo.mlpipe');
  execFileSync('mkfifo', [fifo]);
  const file = join(dir, 'real.mlpipe');
  writeFileSync(file, 'pipeline real\n');
  const index = new WorkspaceIndex();
  void index.indexFile(fifo);
  void index.indexFile(file);
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    index.settled().then(() => 'settled'),
    new Promise((resolve) => (timer = setTimeout(() => resolve('still reading'), 2000))),
  ]);
  clearTimeout(timer);
  assert.equal(waited, 'settled');
  assert.deepEqual([...index.symbols().keys()], [file]);
});
