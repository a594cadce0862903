/**
 * One run whose record is damaged (a JSON column that is not JSON) must not hide the others:
 * `mlpipe runs` and `mlpipe models` list every other run and version and mark the damaged one by
 * its id (a real SQLite store, the built CLI).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore, type Store } from '../../../server/backend/tracking/store.js';
import { ModelsOutput, RunsOutput } from '../../../server/protocol/cli.js';
import { tempRoot } from '../../unit/tracking/tempRoot.js';
import { cli } from '../cli/harness.js';

function finishedRun(store: Store): string {
  const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
  store.finishRun(r.id, { status: 'completed', metrics: { auc: 0.9 } });
  return r.id;
}

describe('a run with a damaged JSON column', () => {
  const root = tempRoot();
  writeFileSync(join(root, 'package.json'), '{"private": true}\n');
  const store = openStore(root);
  const [first, bad, last] = [finishedRun(store), finishedRun(store), finishedRun(store)];
  const registry = openRegistry(store);
  for (const id of [first, bad, last]) registry.register('churn_model', id);
  store.db.prepare("UPDATE runs SET metrics = '{bad' WHERE id = ?").run(bad);
  store.close();

  test('mlpipe runs lists the other runs and marks the damaged one by id', () => {
    const r = cli(['runs'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 3, r.stdout);
    assert.match(lines.find((l) => l.startsWith(bad)) ?? '', /damaged .*run \S+ has a damaged 'metrics' column \(not JSON\)/);
    for (const id of [first, last]) assert.match(lines.find((l) => l.startsWith(id)) ?? '', /completed .*auc=0\.900/);
  });

  test('mlpipe runs --json keeps its shape: the other runs, and the damaged one named on stderr', () => {
    const r = cli(['runs', '--json'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(RunsOutput.parse(JSON.parse(r.stdout)).map((x) => x.runId).sort(), [first, last].sort());
    assert.match(r.stderr, new RegExp(`run ${bad} has a damaged 'metrics' column`));
  });

  test('mlpipe models lists every version, the damaged one marked', () => {
    const r = cli(['models'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`v2 .*run ${bad}  damaged: .*'metrics' column`));
    assert.match(r.stdout, new RegExp(`v1 .*run ${first}  auc=0\\.900`));
    const json = cli(['models', '--json'], { cwd: root });
    assert.equal(json.code, 0, json.stderr);
    const versions = ModelsOutput.parse(JSON.parse(json.stdout))[0].versions;
    assert.deepEqual(versions.map((v) => [v.version, v.damaged !== undefined]), [[1, false], [2, true], [3, false]]);
  });
});
