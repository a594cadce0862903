import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openRegistry, RegistryError, type Registry } from '../../../server/backend/registry/registry.js';
import { openStore, type Store } from '../../../server/backend/tracking/store.js';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function setup(): { store: Store; registry: Registry; run: (auc?: number) => string } {
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-registry-'));
  roots.push(root);
  const store = openStore(root);
  const run = (auc = 0.9) => {
    const r = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
    store.finishRun(r.id, { status: 'completed', metrics: { auc } });
    return r.id;
  };
  return { store, registry: openRegistry(store), run };
}

const stages = (registry: Registry, name: string) => registry.listVersions(name).map((v) => `${v.version}:${v.stage}`);

describe('register', () => {
  test('numbers versions 1, 2, 3 per model, staging by default, linked to the run', () => {
    const { store, registry, run } = setup();
    const r1 = run(0.8);
    const v1 = registry.register('churn', r1);
    assert.equal(v1.version, 1);
    assert.equal(v1.stage, 'staging');
    assert.equal(v1.runId, r1);
    assert.deepEqual(v1.metrics, { auc: 0.8 });
    assert.equal(v1.artifactDir, store.getRun(r1)!.artifactDir);
    assert.equal(v1.pipelinePath, 'churn.mlpipe');
    assert.equal(registry.register('churn', run()).version, 2);
    assert.equal(registry.register('other', run()).version, 1);
    assert.deepEqual(stages(registry, 'churn'), ['1:staging', '2:staging']);
    store.close();
  });

  test('registering into production archives the previous production version', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production');
    registry.register('churn', run(), 'production', { actor: 'ci' });
    assert.deepEqual(stages(registry, 'churn'), ['1:archived', '2:production']);
    store.close();
  });

  test('refuses unfinished, failed, unknown and already registered runs, bad names and stages', () => {
    const { store, registry, run } = setup();
    const running = store.createRun({ pipelineName: 'c', pipelinePath: 'c', pipelineText: '' });
    assert.throws(() => registry.register('churn', running.id), /the run is running, not completed/);
    store.finishRun(running.id, { status: 'failed' });
    assert.throws(() => registry.register('churn', running.id), /the run is failed, not completed/);
    assert.throws(() => registry.register('churn', 'r-nope'), /unknown run 'r-nope'/);
    const ok = run();
    registry.register('churn', ok);
    assert.throws(() => registry.register('churn', ok), new RegExp(`run ${ok} is already version 1 of churn`));
    assert.throws(() => registry.register('churn@2', run()), /invalid model name 'churn@2'/);
    assert.throws(() => registry.register('churn', run(), 'archived'), /invalid stage 'archived' for a new version of churn: use staging or production/);
    assert.throws(() => registry.register('churn', run(), 'live' as never), RegistryError);
    assert.deepEqual(stages(registry, 'churn'), ['1:staging'], 'failed calls changed nothing');
    store.close();
  });
});

describe('promote', () => {
  test('one production version per model; promoting to the current stage changes nothing', () => {
    const { store, registry, run } = setup();
    for (let i = 0; i < 3; i++) registry.register('churn', run());
    registry.promote('churn', 1, 'production');
    registry.promote('churn', 3, 'production', { actor: 'ana', reason: 'better auc' });
    assert.deepEqual(stages(registry, 'churn'), ['1:archived', '2:staging', '3:production']);
    const before = registry.auditLog('churn').length;
    registry.promote('churn', 3, 'production');
    assert.equal(registry.auditLog('churn').length, before);
    registry.promote('churn', 3, 'archived');
    assert.deepEqual(stages(registry, 'churn'), ['1:archived', '2:staging', '3:archived']);
    assert.equal(registry.listModels()[0]!.productionVersion, null);
    store.close();
  });

  test('clear errors for unknown model, unknown version and invalid stage', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run());
    assert.throws(() => registry.promote('nope', 1, 'production'), /^RegistryError: unknown model 'nope' \(registered: churn\)$/);
    assert.throws(() => registry.promote('churm', 1, 'production'), /^RegistryError: unknown model 'churm': did you mean 'churn'\?$/);
    assert.throws(() => registry.rollback('churn_mdl'), /unknown model 'churn_mdl' \(registered: churn\)/);
    assert.throws(() => registry.promote('churn', 7, 'production'), /churn has no version 7 \(latest is 1\)/);
    assert.throws(() => registry.promote('churn', 0, 'production'), /invalid version 0 of churn/);
    assert.throws(() => registry.promote('churn', 1, 'prod' as never), /invalid stage 'prod': use staging, production, archived/);
    store.close();
  });

  test('an unknown model in an empty registry says none is registered yet', () => {
    const { store, registry } = setup();
    assert.throws(() => registry.promote('churn', 1, 'production'), /^RegistryError: unknown model 'churn': no model is registered yet \('mlpipe run FILE' registers one when its gates pass\)$/);
    store.close();
  });

  test('the database itself refuses a second production version', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production');
    registry.register('churn', run());
    assert.throws(() => store.db.prepare(`UPDATE model_versions SET stage = 'production' WHERE version = 2`).run(), /UNIQUE constraint failed/);
    store.close();
  });
});

describe('rollback', () => {
  test('restores the previous production version, and twice goes two steps back', () => {
    const { store, registry, run } = setup();
    for (let i = 0; i < 3; i++) registry.register('churn', run(), 'production');
    assert.deepEqual(stages(registry, 'churn'), ['1:archived', '2:archived', '3:production']);
    assert.equal(registry.rollback('churn', { actor: 'oncall', reason: 'bad predictions' }).version, 2);
    assert.deepEqual(stages(registry, 'churn'), ['1:archived', '2:production', '3:archived']);
    assert.equal(registry.rollback('churn').version, 1);
    assert.deepEqual(stages(registry, 'churn'), ['1:production', '2:archived', '3:archived']);
    assert.throws(() => registry.rollback('churn'), /version 1 is the first version it had in production/);
    store.close();
  });

  test('after re-promoting, rollback follows the trail, not the version numbers', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production'); // 1
    registry.register('churn', run(), 'production'); // 2
    registry.promote('churn', 1, 'production'); // back to 1 by hand
    assert.equal(registry.rollback('churn').version, 2);
    assert.equal(registry.rollback('churn').version, 1);
    store.close();
  });

  test('needs a current production version and an earlier one', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run());
    assert.throws(() => registry.rollback('churn'), /cannot roll back churn: no version is in production/);
    registry.promote('churn', 1, 'production');
    assert.throws(() => registry.rollback('churn'), /first version it had in production/);
    assert.throws(() => registry.rollback('ghost'), /unknown model 'ghost'/);
    store.close();
  });
});

describe('lookup and audit', () => {
  test('getVersion by number, numeric string, stage and latest', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production');
    registry.register('churn', run());
    registry.register('churn', run());
    assert.equal(registry.getVersion('churn', 1).version, 1);
    assert.equal(registry.getVersion('churn', '2').version, 2);
    assert.equal(registry.getVersion('churn', 'production').version, 1);
    assert.equal(registry.getVersion('churn', 'staging').version, 3, 'newest of several staging versions');
    assert.equal(registry.getVersion('churn', 'latest').version, 3);
    assert.throws(() => registry.getVersion('churn', 'archived'), /churn has no version in archived/);
    assert.throws(() => registry.getVersion('churn', 9), /churn has no version 9 \(latest is 3\)/);
    assert.throws(() => registry.getVersion('churn', 'newest'), /invalid version selector 'newest'/);
    assert.throws(() => registry.getVersion('nope', 'latest'), /unknown model 'nope'/);
    store.close();
  });

  test('listModels summarises each model', () => {
    const { store, registry, run } = setup();
    registry.register('b_model', run());
    registry.register('a_model', run(), 'production');
    registry.register('a_model', run());
    const models = registry.listModels();
    assert.deepEqual(
      models.map((m) => [m.name, m.latestVersion, m.productionVersion, m.versions.length]),
      [['a_model', 2, 1, 2], ['b_model', 1, null, 1]],
    );
    store.close();
  });

  test('the audit trail records every change with stages, actor and reason', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production', { actor: 'ci', reason: 'gates passed' });
    registry.register('churn', run(), 'staging', { actor: 'ci' });
    registry.promote('churn', 2, 'production', { actor: 'ana', reason: 'better auc' });
    registry.rollback('churn', { actor: 'oncall', reason: 'latency' });
    const log = registry.auditLog('churn').map((e) => [e.version, e.action, e.fromStage, e.toStage, e.actor ?? null, e.reason ?? null]);
    assert.deepEqual(log, [
      [1, 'register', null, 'production', 'ci', 'gates passed'],
      [2, 'register', null, 'staging', 'ci', null],
      [1, 'supersede', 'production', 'archived', 'ana', 'replaced in production by version 2 (promote)'],
      [2, 'promote', 'staging', 'production', 'ana', 'better auc'],
      [2, 'supersede', 'production', 'archived', 'oncall', 'latency'],
      [1, 'rollback', 'archived', 'production', 'oncall', 'latency'],
    ]);
    assert.ok(registry.auditLog('churn').every((e) => !Number.isNaN(Date.parse(e.at))));
    store.close();
  });

  test('the registry survives reopening the store', () => {
    const { store, registry, run } = setup();
    registry.register('churn', run(), 'production');
    store.close();
    const again = openStore(store.root);
    assert.equal(openRegistry(again).getVersion('churn', 'production').version, 1);
    again.close();
  });
});

// The one reading of what a load checks a version's files against: evaluation reached into the
// registry's store for it (`recordedArtifacts(registry.store, …)`), serving read it its own way.
describe('recorded artifacts', () => {
  test("a version's files as its run recorded them; none for a run whose record is gone", () => {
    const { store, registry, run } = setup();
    const id = run();
    const dir = store.runDir(id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'meta.json'), '{"task":"binary"}');
    const recorded = store.recordArtifact(id, 'meta.json', 'meta.json');
    const version = registry.register('churn', id);
    assert.deepEqual(registry.recordedArtifacts(version), [recorded]);
    assert.deepEqual(registry.recordedArtifacts({ runId: 'r-gone' }), []);
    store.close();
  });
});
