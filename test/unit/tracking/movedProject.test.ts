import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { captureEnvironment } from '../../../server/backend/tracking/environment.js';
import { rebasedPath } from '../../../server/backend/tracking/projectRoot.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'mlpipe-moved-'));
  made.push(d);
  return d;
};

describe('a path recorded in a project folder that has moved since', () => {
  test('is read in the folder the store is in now; one outside the old folder, or with no recorded folder, is kept', () => {
    assert.equal(rebasedPath('/old/p/sub/a.mlpipe', '/old/p', '/new/q'), '/new/q/sub/a.mlpipe');
    assert.equal(rebasedPath('/old/p/a.mlpipe', '/old/p', '/old/p'), '/old/p/a.mlpipe');
    assert.equal(rebasedPath('/elsewhere/a.mlpipe', '/old/p', '/new/q'), '/elsewhere/a.mlpipe');
    assert.equal(rebasedPath('/old/p2/a.mlpipe', '/old/p', '/new/q'), '/old/p2/a.mlpipe');
    assert.equal(rebasedPath('/old/p/a.mlpipe', undefined, '/new/q'), '/old/p/a.mlpipe');
    assert.equal(rebasedPath('/old/p', '/old/p', '/new/q'), '/old/p');
  });

  test('runs and registered versions of a renamed or copied project name its pipeline where it is now', () => {
    const parent = folder();
    const before = join(parent, 'churn-project');
    cpSync(folder(), before, { recursive: true });
    const store = openStore(before);
    const recorded = store.createRun({ pipelineName: 'churn', pipelinePath: join(before, 'pipelines', 'churn.mlpipe'), pipelineText: 'pipeline churn\n', environment: captureEnvironment({ root: before, gitTimeoutMs: 1000 }) });
    store.finishRun(recorded.id, { status: 'completed', metrics: { auc: 0.9 } });
    // A run from a build that recorded no project folder keeps its path as it was.
    const older = store.createRun({ pipelineName: 'churn', pipelinePath: join(before, 'pipelines', 'churn.mlpipe'), pipelineText: 'pipeline churn\n' });
    store.finishRun(older.id, { status: 'completed', metrics: { auc: 0.8 } });
    openRegistry(store).register('churn', recorded.id);
    assert.equal(store.getRun(recorded.id)!.environment?.projectRoot, before);
    store.close();

    const copy = join(parent, 'copy');
    cpSync(before, copy, { recursive: true });
    const renamed = join(parent, 'churn-renamed');
    renameSync(before, renamed);
    for (const root of [renamed, copy]) {
      const moved = openStore(root);
      try {
        const now = join(root, 'pipelines', 'churn.mlpipe');
        assert.equal(moved.getRun(recorded.id)!.pipelinePath, now);
        assert.equal(moved.getRun(older.id)!.pipelinePath, join(before, 'pipelines', 'churn.mlpipe'));
        assert.deepEqual(moved.listRuns({ pipelinePath: now }).map((r) => r.id), [recorded.id]);
        assert.deepEqual(moved.listRuns({ pipelinePath: join(before, 'pipelines', 'churn.mlpipe') }).map((r) => r.id), [older.id]);
        assert.deepEqual(moved.listRuns({ pipelinePath: now, status: 'failed' }), []);
        assert.equal(openRegistry(moved).getVersion('churn', 1).pipelinePath, now);
      } finally {
        moved.close();
      }
    }
  });

  test('a run whose environment column is damaged is still listed by path, as stored', () => {
    const root = folder();
    const store = openStore(root);
    try {
      const run = store.createRun({ pipelineName: 'p', pipelinePath: join(root, 'p.mlpipe'), pipelineText: 'pipeline p\n' });
      store.db.prepare('UPDATE runs SET environment = ? WHERE id = ?').run('{not json', run.id);
      assert.deepEqual(store.listRunsMarked({ pipelinePath: join(root, 'p.mlpipe') }).map((r) => r.id), [run.id]);
    } finally {
      store.close();
    }
  });
});
