import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { Child, killChildren } from './childProcess.js';

const WORKERS = 4;
const RUNS = 5;
const BATCHES = 10;
const POINTS = 500;

const root = mkdtempSync(join(tmpdir(), 'mlpipe-concurrency-'));
after(() => {
  killChildren();
  rmSync(root, { recursive: true, force: true });
});

test('four processes create, log and register against one fresh database at once', async () => {
  const children = Array.from(
    { length: WORKERS },
    (_, w) => new Child('worker.ts', [root, `w${w}`, String(RUNS), String(BATCHES), String(POINTS)]),
  );
  // Release them together so they also race to create and migrate the database file.
  await Promise.all(children.map((c) => c.waitFor((l) => l === 'ready')));
  for (const c of children) c.sendAndClose('go\n');
  const exits = await Promise.all(children.map((c) => c.exited));

  for (const [w, c] of children.entries()) {
    const errors = c.lines.filter((l) => l.startsWith('error'));
    assert.deepEqual(errors, [], `worker ${w} failed: ${c.stderr}`);
    assert.equal(exits[w]!.code, 0, `worker ${w} exit; stderr: ${c.stderr}`);
    assert.equal(c.lines.filter((l) => l.startsWith('done ')).length, RUNS);
  }

  const store = openStore(root);
  try {
    assert.equal(store.integrityCheck(), 'ok');
    const runs = store.listRuns();
    assert.equal(runs.length, WORKERS * RUNS);
    for (const run of runs) {
      assert.equal(run.status, 'completed');
      assert.equal(store.countMetrics(run.id), BATCHES * POINTS, `metrics of ${run.id}`);
      assert.equal(run.params.worker, run.pipelineName);
    }
    // Version numbers were handed out under the write lock: 1..N with no gap or repeat.
    const registry = openRegistry(store);
    const versions = registry.listVersions('shared');
    assert.deepEqual(versions.map((v) => v.version), Array.from({ length: WORKERS * RUNS }, (_, i) => i + 1));
    assert.equal(versions.filter((v) => v.stage === 'production').length, 1);
    const reported = children.flatMap((c) => c.lines.filter((l) => l.startsWith('done ')).map((l) => l.split(' ').slice(1).join('@')));
    assert.deepEqual(reported.sort(), versions.map((v) => `${v.runId}@${v.version}`).sort());
  } finally {
    store.close();
  }
});
