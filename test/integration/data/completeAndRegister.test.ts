/**
 * A run completes and registers in one transaction. They were two: a process killed between them
 * (kill -9, a crash), or a registration the store refused, left a completed run whose gates passed
 * and no version of it, which no command registers. The refusal stands in for the kill here: a
 * trigger makes the store refuse the version's row, at the moment a kill would have struck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { TINY_BLOCKS, tinyProject, tinyRegistering } from './tinyProject.js';

const PIPELINE = `pipeline atomic

${TINY_BLOCKS}
${tinyRegistering()}`;

test('a registration the store refuses leaves no completed, unregistered run: the run failed, and its folder is gone', { timeout: 60_000 }, async () => {
  const dir = tinyProject('mlpipe-atomic-');
  try {
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
    openStore(dir).close(); // the store's tables, for the trigger
    const raw = new Database(join(dir, '.mlpipe', 'mlpipe.db'));
    raw.exec(`CREATE TRIGGER refuse_versions BEFORE INSERT ON model_versions BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    raw.close();
    await assert.rejects(runPipeline({ file: join(dir, 'p.mlpipe'), root: dir }), /refused by the test/);
    const store = openStore(dir);
    try {
      const [run] = store.listRuns();
      assert.equal(run?.status, 'failed', 'completed without the version its gates earned');
      assert.match(run!.error!, /refused by the test/);
      assert.deepEqual(store.listArtifacts(run!.id), []);
      assert.equal(existsSync(store.runDir(run!.id)), false);
      assert.deepEqual(openRegistry(store).listModels(), []);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
