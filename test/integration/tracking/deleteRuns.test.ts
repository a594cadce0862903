import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { deleteRuns } from '../../../server/backend/tracking/deleteRuns.js';
import { openStore, TrackingError, type Store } from '../../../server/backend/tracking/store.js';
import { RunsDeleteOutput } from '../../../server/protocol/cli.js';
import { tempRoot } from '../../unit/tracking/tempRoot.js';
import { cli } from '../cli/harness.js';

/** A finished run with a metric series and an artifact file in its folder. */
function finishedRun(store: Store, parentRunId?: string): string {
  const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n', ...(parentRunId ? { parentRunId } : {}) });
  store.logMetrics(r.id, [{ key: 'loss', step: 0, value: 1 }, { key: 'loss', step: 1, value: 0.5 }]);
  writeFileSync(join(store.artifactDir(r.id), 'model.json'), '{}');
  store.recordArtifact(r.id, 'model', 'model.json');
  store.finishRun(r.id, { status: 'completed', metrics: { auc: 0.9 } });
  return r.id;
}

const count = (store: Store, table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** The database file's bytes with the WAL folded in (closing checkpoints it). */
function bytesAfterClose(store: Store): Buffer {
  store.close();
  return readFileSync(store.file);
}

describe('deleteRuns', () => {
  test('removes the runs, their metrics, artifact records and folders, and nothing else', () => {
    const store = openStore(tempRoot());
    const [a, b, keep] = [finishedRun(store), finishedRun(store), finishedRun(store)];
    const out = deleteRuns(store, [a, b, a]);
    assert.deepEqual(out, { deleted: [a, b], leftFolders: [] });
    assert.deepEqual(store.listRuns().map((r) => r.id), [keep]);
    assert.equal(count(store, 'metrics'), 2);
    assert.equal(count(store, 'artifacts'), 1);
    assert.equal(existsSync(store.runDir(a)), false);
    assert.equal(existsSync(store.runDir(b)), false);
    assert.equal(existsSync(store.runDir(keep)), true);
    assert.equal(store.integrityCheck(), 'ok');
    store.close();
  });

  test('a reproduction deleted with its original goes in the same call', () => {
    const store = openStore(tempRoot());
    const original = finishedRun(store);
    const copy = finishedRun(store, original);
    assert.deepEqual(deleteRuns(store, [original, copy]).deleted, [original, copy]);
    assert.equal(store.listRuns().length, 0);
    store.close();
  });

  const refusals: Array<[string, (store: Store) => string[], RegExp]> = [
    ['a running run', (s) => [finishedRun(s), s.createRun({ pipelineName: 'p', pipelinePath: 'p.mlpipe', pipelineText: '' }).id], /^cannot delete run \S+: it is still running \(process \d+ on this machine\): stop it first \(Ctrl-C where it runs, or Cancel in the editor\)$/],
    ['a run a registered model version was trained by', (s) => {
      const id = finishedRun(s);
      openRegistry(s).register('churn', id);
      return [finishedRun(s), id];
    }, /^cannot delete run \S+: it trained model 'churn' version 1, which the registry keeps$/],
    ['an original whose reproduction is kept', (s) => {
      const original = finishedRun(s);
      finishedRun(s, original);
      return [original];
    }, /^cannot delete run \S+: run \S+ reproduces it; delete both together$/],
    ['an unknown run', (s) => [finishedRun(s), 'nope'], /^cannot delete: unknown run 'nope' in /],
    ['no runs at all', () => [], /^delete: no runs given$/],
  ];
  for (const [what, make, message] of refusals) {
    test(`refuses ${what}: nothing deleted, the file byte-identical`, () => {
      const root = tempRoot();
      let store = openStore(root);
      const ids = make(store);
      const folders = ids.map((id) => existsSync(store.runDir(id)));
      const before = bytesAfterClose(store);
      store = openStore(root);
      assert.throws(() => deleteRuns(store, ids), (e: unknown) => e instanceof TrackingError && message.test(e.message));
      assert.deepEqual(ids.map((id) => existsSync(store.runDir(id))), folders);
      assert.ok(bytesAfterClose(store).equals(before), 'the database file changed');
    });
  }
});

describe('mlpipe runs delete', () => {
  test('deletes by id with --json, and refuses a registered run with one line and exit 1', () => {
    const root = tempRoot();
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    const store = openStore(root);
    const [a, b, registered] = [finishedRun(store), finishedRun(store), finishedRun(store)];
    openRegistry(store).register('churn', registered);
    store.close();

    const ok = cli(['runs', 'delete', a, b, '--json'], { cwd: root });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(RunsDeleteOutput.parse(JSON.parse(ok.stdout)), { deleted: [a, b], leftFolders: [] });

    const refused = cli(['runs', 'delete', registered], { cwd: root });
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr.trim(), /^mlpipe: cannot delete run \S+: it trained model 'churn' version 1, which the registry keeps$/);
    assert.equal(refused.stderr.trim().split('\n').length, 1);

    const usage = cli(['runs', 'delete'], { cwd: root });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /mlpipe runs delete RUN_ID\.\.\. \[--force\] \[--json\]/);

    const listed = cli(['runs', '--json'], { cwd: root });
    assert.deepEqual(JSON.parse(listed.stdout).map((r: { runId: string }) => r.runId), [registered]);
  });
});

/**
 * A run marked running by a process on another host (a container that is gone, a project copied
 * from another machine) is never marked interrupted here; `runs delete` refused it as "still
 * running (cancel it first)", which nothing here can do, so it stayed forever.
 */
describe('a run left running on another host', () => {
  function foreignRun(root: string): string {
    const store = openStore(root);
    const id = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' }).id;
    store.db.prepare(`UPDATE runs SET hostname = 'gone-container', pid = 4242 WHERE id = ?`).run(id);
    store.close();
    return id;
  }

  test('runs lists it with its host; delete names the host and --force deletes it', () => {
    const root = tempRoot();
    mkdirSync(join(root, '.mlpipe'), { recursive: true });
    const id = foreignRun(root);

    const listed = cli(['runs'], { cwd: root });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${id}  running .*\\(process 4242 on host 'gone-container', which this machine cannot check\\)$`, 'm'));

    const refused = cli(['runs', 'delete', id], { cwd: root });
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr.trim(),
      `mlpipe: cannot delete run ${id}: it is marked running by process 4242 on host 'gone-container', which this machine cannot check; if that run is over, delete it with 'mlpipe runs delete --force ${id}'`,
    );

    const forced = cli(['runs', 'delete', '--force', id], { cwd: root });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stdout, `deleted 1 run: ${id}\n`);
  });

  test('--force does not delete a run whose process on this machine is alive', () => {
    const root = tempRoot();
    const store = openStore(root);
    const id = store.createRun({ pipelineName: 'p', pipelinePath: 'p.mlpipe', pipelineText: '' }).id;
    assert.throws(() => deleteRuns(store, [id], { force: true }), /^TrackingError: cannot delete run \S+: it is still running \(process \d+ on this machine\): stop it first \(Ctrl-C where it runs, or Cancel in the editor\)$/);
    store.close();
  });
});
