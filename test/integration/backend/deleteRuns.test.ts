import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore, type Store } from '../../../server/backend/tracking/store.js';
import { startBackend } from './harness.js';

function finishedRun(store: Store): string {
  const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
  writeFileSync(join(store.artifactDir(r.id), 'model.json'), '{}');
  store.finishRun(r.id, { status: 'completed', metrics: { auc: 0.9 } });
  return r.id;
}

test("'runs/delete' over the real stdio connection: deletes, pushes storeChanged, refuses a registered run with one sentence", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-delete-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.mlpipe'));
  const store = openStore(dir);
  const [a, b, registered] = [finishedRun(store), finishedRun(store), finishedRun(store)];
  openRegistry(store).register('churn', registered);
  store.close();

  const backend = startBackend(dir);
  after(() => backend.close());
  assert.equal((await backend.rpc.request('runs/list', { folder: dir })).length, 3);

  const out = await backend.rpc.request('runs/delete', { folder: dir, runIds: [a, b] });
  assert.deepEqual(out, { deleted: [a, b], leftFolders: [] });
  await backend.next((e) => (e.kind === 'storeChanged' && e.root === dir ? e : undefined), 'storeChanged');
  assert.deepEqual((await backend.rpc.request('runs/list', { folder: dir })).map((r) => r.id), [registered]);
  assert.equal(existsSync(join(dir, '.mlpipe/runs', a)), false);

  await assert.rejects(backend.rpc.request('runs/delete', { folder: dir, runIds: [registered] }), (e: Error) => {
    assert.equal(e.message, `cannot delete run ${registered}: it trained model 'churn' version 1, which the registry keeps`);
    return true;
  });
  assert.deepEqual((await backend.rpc.request('runs/list', { folder: dir })).map((r) => r.id), [registered]);
  assert.doesNotMatch(backend.stderr(), /failed:|\n\s+at /, 'a refusal is not logged as a crash');
});
