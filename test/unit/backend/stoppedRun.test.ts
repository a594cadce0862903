import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordStoppedRun } from '../../../server/backend/pipeline/stoppedRun.js';
import { inRunFolder } from '../../../server/backend/pipeline/artifacts.js';
import { openStore, type Store } from '../../../server/backend/tracking/store.js';

const root = mkdtempSync(join(tmpdir(), 'mlpipe-stopped-'));
const store = openStore(root);
test.after(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

/** A run that wrote part of its model before its disk filled. */
function halfWrittenRun(): { id: string; dir: string } {
  const { id } = store.createRun({ pipelineName: 'p', pipelinePath: join(root, 'p.mlpipe'), pipelineText: 'pipeline p {}' });
  const dir = store.artifactDir(id);
  writeFileSync(join(dir, 'weights.bin'), 'half');
  return { id, dir };
}

const full = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
const noSpace = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });

test('a stopped run is recorded failed with its error, and its half-written folder removed', () => {
  const { id, dir } = halfWrittenRun();
  recordStoppedRun(store, id, 'failed', noSpace);
  const run = store.getRun(id)!;
  assert.equal(run.status, 'failed');
  assert.equal(run.error, noSpace.message);
  assert.equal(existsSync(dir), false);
});

test('when the store refuses the failure record too (the disk still full), nothing is thrown over the run\'s own error', () => {
  const { id, dir } = halfWrittenRun();
  // What the store does on a full disk: its write fails with SQLITE_FULL.
  const refusing: Pick<Store, 'getRun' | 'runDir' | 'finishRun'> = {
    getRun: (runId) => store.getRun(runId),
    runDir: (runId) => store.runDir(runId),
    finishRun: () => {
      throw full;
    },
  };
  assert.doesNotThrow(() => recordStoppedRun(refusing, id, 'failed', noSpace));
  // The folder went first: the room it held is what the record needs.
  assert.equal(existsSync(dir), false);
  recordStoppedRun(store, id, 'failed', noSpace);
  assert.equal(store.getRun(id)!.status, 'failed');
});

test('a run that completed (its registering failed after) keeps its model folder', () => {
  const { id, dir } = halfWrittenRun();
  store.finishRun(id, { status: 'completed' });
  recordStoppedRun(store, id, 'failed', full);
  assert.equal(store.getRun(id)!.status, 'completed');
  assert.equal(existsSync(join(dir, 'weights.bin')), true);
});

test('a failed write while saving a run names the run folder: node\'s own error has no path', async () => {
  const dir = join(root, 'some-run');
  const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
  await assert.rejects(inRunFolder(dir, () => Promise.reject(e)), (err: NodeJS.ErrnoException) => err.path === dir && err.message === `ENOSPC: no space left on device, write in '${dir}'`);
  // An error that names its file already, or is no system error, is left as it is.
  const named = Object.assign(new Error("ENOENT: x, open '/a'"), { code: 'ENOENT', syscall: 'open', path: '/a' });
  await assert.rejects(inRunFolder(dir, () => Promise.reject(named)), (err: NodeJS.ErrnoException) => err.path === '/a' && !err.message.includes(dir));
  assert.equal(await inRunFolder(dir, () => Promise.resolve(3)), 3);
});
