import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RUN_ID_PATTERN } from '../../../server/backend/tracking/ids.js';
import { MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError } from '../../../server/backend/tracking/migrations.js';
import { openStore, TrackingError, type CreateRunInput } from '../../../server/backend/tracking/store.js';
import { tempRoot } from './tempRoot.js';

const TEXT = 'pipeline churn\n';
const input = (over: Partial<CreateRunInput> = {}): CreateRunInput => ({
  pipelineName: 'churn',
  pipelinePath: 'churn.mlpipe',
  pipelineText: TEXT,
  ...over,
});

describe('opening', () => {
  test('creates the database in <root>/.mlpipe with WAL, foreign keys and the current schema', () => {
    const root = tempRoot();
    const store = openStore(root);
    assert.equal(store.file, join(root, '.mlpipe', 'mlpipe.db'));
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(store.db.pragma('synchronous', { simple: true }), 1); // NORMAL
    assert.equal(store.db.pragma('busy_timeout', { simple: true }), 5000);
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.match(readFileSync(join(root, '.mlpipe', '.gitignore'), 'utf8'), /^\*$/m);
    store.close();
  });

  test('reopening keeps runs and does not migrate again', () => {
    const root = tempRoot();
    const first = openStore(root);
    const run = first.createRun(input());
    first.close();
    const again = openStore(root);
    assert.equal(again.getRun(run.id)?.pipelineName, 'churn');
    assert.equal(again.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    again.close();
  });

  test('a schema 1 store (before runs kept comparisons) is migrated in place; its runs read back with none', () => {
    const root = tempRoot();
    mkdirSync(join(root, '.mlpipe'));
    const raw = new Database(join(root, '.mlpipe', 'mlpipe.db'));
    raw.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO runs (id, pipeline_name, pipeline_path, pipeline_text, pipeline_sha256, status, started_at, pid, hostname) VALUES ('r-old', 'churn', 'churn.mlpipe', 'pipeline churn', 'sha256:00', 'completed', 0, 1, 'h')").run();
    raw.close();
    const store = openStore(root);
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.deepEqual(store.getRun('r-old')?.comparisons, []);
    store.close();
  });

  test('a database from a newer mlpipe is refused and left untouched', () => {
    const root = tempRoot();
    openStore(root).close();
    const file = join(root, '.mlpipe', 'mlpipe.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => openStore(root), (e: unknown) => {
      assert.ok(e instanceof SchemaTooNewError);
      assert.equal(e.found, SCHEMA_VERSION + 1);
      assert.match(e.message, /newer than this mlpipe understands/);
      assert.ok(e.message.includes(file));
      return true;
    });
    const check = new Database(file, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1);
    check.close();
  });

  test('a file that is not a database gives a precise error', () => {
    const root = tempRoot();
    openStore(root).close();
    const file = join(root, '.mlpipe', 'mlpipe.db');
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) writeFileSync(file + suffix, '');
    writeFileSync(file, 'x'.repeat(4096));
    assert.throws(() => openStore(root), (e: unknown) => e instanceof TrackingError && e.message.includes(file) && /not an mlpipe tracking database/.test(e.message));
  });

  test('a missing project folder is an error, not a new folder', () => {
    const root = join(tempRoot(), 'nope');
    assert.throws(() => openStore(root), /project folder does not exist/);
    assert.equal(existsSync(root), false);
  });
});

describe('runs', () => {
  test('createRun records the pipeline, its hash, the owner process and defaults', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input({ seeds: { split: 42, model: 7 }, params: { epochs: 30 }, dataVersions: { customers: 'sha256:ab' }, backend: 'cpu', notes: 'first' }));
    assert.match(run.id, RUN_ID_PATTERN);
    assert.equal(run.status, 'running');
    assert.equal(run.pipelineSha256, 'sha256:' + createHash('sha256').update(TEXT).digest('hex'));
    assert.equal(run.pid, process.pid);
    assert.deepEqual(run.seeds, { split: 42, model: 7 });
    assert.deepEqual(run.params, { epochs: 30 });
    assert.deepEqual(run.dataVersions, { customers: 'sha256:ab' });
    assert.equal(run.backend, 'cpu');
    assert.equal(run.notes, 'first');
    assert.equal(run.endedAt, undefined);
    assert.deepEqual(run.metrics, {});
    assert.deepEqual(run.gates, []);
    assert.ok(Math.abs(Date.parse(run.startedAt) - Date.now()) < 60_000);
    assert.deepEqual(store.getRun(run.id), run);
    store.close();
  });

  test('an unknown parent run is refused', () => {
    const store = openStore(tempRoot());
    assert.throws(() => store.createRun(input({ parentRunId: 'r-nope' })), /unknown run 'r-nope'/);
    const parent = store.createRun(input());
    assert.equal(store.createRun(input({ parentRunId: parent.id })).parentRunId, parent.id);
    store.close();
  });

  test('updateRun and logParams merge into what is stored', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input({ dataVersions: { a: 'sha256:1' }, params: { x: 1 } }));
    const environment = { capturedAt: '2026-01-01T00:00:00.000Z', node: 'v20', platform: 'linux', arch: 'x64', osRelease: '6', cpuModel: 'cpu', cpuCount: 2, totalMemoryBytes: 1, hostname: 'h' };
    assert.throws(() => store.updateRun(run.id, { environment: { node: 'v20' } as never }), /updateRun: 'environment' at 'capturedAt'/);
    store.updateRun(run.id, { backend: 'wasm', dataVersions: { b: 'sha256:2' }, environment });
    store.logParams(run.id, { y: [1, 2], x: 3 });
    const got = store.getRun(run.id)!;
    assert.equal(got.backend, 'wasm');
    assert.deepEqual(got.dataVersions, { a: 'sha256:1', b: 'sha256:2' });
    assert.deepEqual(got.params, { x: 3, y: [1, 2] });
    assert.deepEqual(got.environment, environment);
    assert.throws(() => store.logParams(run.id, [] as never), /params must be an object/);
    store.close();
  });

  test('finishRun stores the outcome once; a finished run takes no more writes', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input());
    const gates = [{ metric: 'auc', op: '>=' as const, threshold: 0.85, actual: 0.9, passed: true }];
    const done = store.finishRun(run.id, { status: 'completed', metrics: { auc: 0.9 }, gates, weightsHash: 'sha256:ff' });
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.metrics, { auc: 0.9 });
    assert.deepEqual(done.gates, gates);
    assert.equal(done.weightsHash, 'sha256:ff');
    assert.ok(done.endedAt);
    assert.throws(() => store.finishRun(run.id, { status: 'failed' }), /cannot finish run .*: it is completed/);
    assert.throws(() => store.logMetrics(run.id, [{ key: 'loss', step: 0, value: 1 }]), /cannot log metrics to run .*: it is completed/);
    assert.throws(() => store.logParams(run.id, { a: 1 }), /it is completed/);
    const other = store.createRun(input());
    assert.throws(() => store.finishRun(other.id, { status: 'running' as never }), /status must be completed, failed or interrupted/);
    const failed = store.finishRun(other.id, { status: 'failed', error: 'boom' });
    assert.equal(failed.error, 'boom');
    assert.deepEqual(failed.comparisons, []);
    store.close();
  });

  test('finishRun keeps the compare_to judgements, and refuses a malformed one before writing', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input());
    const comparisons = [
      { stage: 'production', version: 3, metric: 'auc', candidate: 0.81, incumbent: 0.84, passed: false, basis: 'test-rows' as const, rows: 750 },
      { stage: 'production', version: 3, metric: 'log_loss', candidate: 0.4, incumbent: 0.5, passed: true, basis: 'recorded' as const, why: 'its classes differ' },
    ];
    assert.throws(() => store.finishRun(run.id, { status: 'completed', comparisons: [{ ...comparisons[0], rows: -1 }] }), /finishRun: 'comparisons' at '0\.rows'/);
    assert.equal(store.getRun(run.id)?.status, 'running');
    assert.deepEqual(store.finishRun(run.id, { status: 'completed', comparisons }).comparisons, comparisons);
    assert.deepEqual(store.getRun(run.id)?.comparisons, comparisons);
    store.close();
  });

  test('listRuns is newest first and filters by pipeline path and status', () => {
    const store = openStore(tempRoot());
    const a = store.createRun(input({ pipelinePath: 'a.mlpipe' }));
    const b = store.createRun(input({ pipelinePath: 'b.mlpipe' }));
    const c = store.createRun(input({ pipelinePath: 'a.mlpipe' }));
    store.finishRun(c.id, { status: 'completed' });
    assert.deepEqual(store.listRuns().map((r) => r.id), [c.id, b.id, a.id]);
    assert.deepEqual(store.listRuns({ pipelinePath: 'a.mlpipe' }).map((r) => r.id), [c.id, a.id]);
    assert.deepEqual(store.listRuns({ status: 'completed' }).map((r) => r.id), [c.id]);
    assert.deepEqual(store.listRuns({ limit: 1 }).map((r) => r.id), [c.id]);
    store.close();
  });

  test('unknown runs give a precise error everywhere', () => {
    const store = openStore(tempRoot());
    assert.equal(store.getRun('r-x'), undefined);
    for (const call of [
      () => store.logMetrics('r-x', [{ key: 'a', step: 0, value: 1 }]),
      () => store.finishRun('r-x', { status: 'completed' }),
      () => store.getMetricSeries('r-x', 'a'),
      () => store.artifactDir('r-x'),
    ]) {
      assert.throws(call, /unknown run 'r-x'/);
    }
    store.close();
  });
});

describe('metrics', () => {
  test('series come back by step, with NaN and infinities kept', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input());
    store.logMetrics(run.id, [
      { key: 'loss', step: 1, value: 0.5 },
      { key: 'loss', step: 0, value: Infinity },
      { key: 'auc', step: 0, value: 0.7 },
    ]);
    store.logMetrics(run.id, [{ key: 'loss', step: 2, value: NaN }]);
    const series = store.getMetricSeries(run.id, 'loss');
    assert.deepEqual(series.map((p) => [p.step, p.value]), [[0, Infinity], [1, 0.5], [2, NaN]]);
    assert.deepEqual(store.metricKeys(run.id), ['auc', 'loss']);
    assert.equal(store.countMetrics(run.id), 4);
    store.close();
  });

  test('a large batch crossing the multi-row chunk size is stored exactly', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input());
    const n = 64 * 3 + 17;
    store.logMetrics(run.id, Array.from({ length: n }, (_, i) => ({ key: 'k', step: i, value: i * 0.5 })));
    const series = store.getMetricSeries(run.id, 'k');
    assert.equal(series.length, n);
    assert.ok(series.every((p, i) => p.step === i && p.value === i * 0.5));
    store.close();
  });

  test('a batch with one bad point is rejected whole, naming the point', () => {
    const store = openStore(tempRoot());
    const run = store.createRun(input());
    const good = { key: 'loss', step: 0, value: 1 };
    assert.throws(() => store.logMetrics(run.id, [good, { key: 'loss', step: 1.5, value: 1 }]), /point 1 \(loss\): step must be an integer >= 0, got 1.5/);
    assert.throws(() => store.logMetrics(run.id, [good, { key: '', step: 1, value: 1 }]), /point 1: key must be a non-empty string/);
    assert.throws(() => store.logMetrics(run.id, [{ key: 'a', step: 0, value: '1' as never }]), /value must be a number/);
    assert.equal(store.countMetrics(run.id), 0);
    store.close();
  });
});

describe('artifacts', () => {
  test('artifactDir creates the run folder; recordArtifact stores hash and size', () => {
    const root = tempRoot();
    const store = openStore(root);
    const run = store.createRun(input());
    assert.equal(existsSync(run.artifactDir), false);
    const dir = store.artifactDir(run.id);
    assert.equal(dir, join(root, '.mlpipe', 'runs', run.id));
    assert.ok(statSync(dir).isDirectory());
    writeFileSync(join(dir, 'weights.bin'), 'abc');
    const rec = store.recordArtifact(run.id, 'weights', 'weights.bin');
    assert.deepEqual(rec, {
      runId: run.id,
      name: 'weights',
      path: join(dir, 'weights.bin'),
      sha256: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      bytes: 3,
    });
    writeFileSync(join(dir, 'weights.bin'), 'abcd');
    store.recordArtifact(run.id, 'weights', join(dir, 'weights.bin'));
    assert.deepEqual(store.listArtifacts(run.id).map((a) => [a.name, a.bytes]), [['weights', 4]]);
    assert.throws(() => store.recordArtifact(run.id, 'x', 'missing.bin'), /recordArtifact: .*missing\.bin: ENOENT/);
    store.close();
  });
});

describe('a store that cannot take a new run', () => {
  test('a full disk at createRun is a StoreUnusableError naming the file and what to do', () => {
    const store = openStore(tempRoot());
    try {
      // The database may not grow: SQLite's own SQLITE_FULL, as on a full disk.
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true })}`);
      assert.throws(
        () => store.createRun(input({ pipelineText: 'x'.repeat(200_000) })),
        (e: Error) => e.name === 'StoreUnusableError' && e.message.startsWith(`${store.file}: no space left for the tracking database`) && /free space on its disk/.test(e.message),
      );
    } finally {
      store.close();
    }
  });
});
