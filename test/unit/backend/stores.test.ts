import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Stores } from '../../../server/backend/rpc/stores.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from '../tracking/tempRoot.js';

/** A run made by another process (the CLI in a terminal): its own handle on the store. */
function runElsewhere(root: string): string {
  const store = openStore(root);
  try {
    return store.createRun({ pipelineName: 'churn', pipelinePath: join(root, 'churn.mlpipe'), pipelineText: 'pipeline churn\n' }).id;
  } finally {
    store.close();
  }
}

test("a store removed while the backend has it open ('rm -rf .mlpipe') is opened again: its removed runs go, the next run shows", (t) => {
  const root = tempRoot();
  const stores = new Stores(() => undefined, () => false);
  t.after(() => stores.close());
  const old = runElsewhere(root);
  assert.deepEqual(stores.get(root).store.listRuns().map((r) => r.id), [old]);

  rmSync(join(root, '.mlpipe'), { recursive: true, force: true });
  // The open handle still read the deleted file: the removed run stayed, the new one never came.
  assert.deepEqual(stores.get(root).store.listRuns(), []);
  const next = runElsewhere(root);
  assert.deepEqual(stores.get(root).store.listRuns().map((r) => r.id), [next]);
});

test('a run made elsewhere after the store was recreated is announced, and the views then read it', { timeout: 10_000 }, async (t) => {
  const root = tempRoot();
  let onChange: () => void = () => undefined;
  const stores = new Stores(() => onChange(), () => false, 10);
  t.after(() => stores.close());
  runElsewhere(root);
  stores.get(root);
  rmSync(join(root, '.mlpipe'), { recursive: true, force: true });
  stores.get(root);
  let id: string | undefined;
  // What the views do on 'storeChanged': list again. Only the new folder's watcher announces the run.
  const seen = new Promise<void>((resolve) => (onChange = () => id && stores.get(root).store.getRun(id) && resolve()));
  id = runElsewhere(root);
  await seen;
});
