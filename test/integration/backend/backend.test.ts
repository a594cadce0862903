import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { ResponseError } from 'vscode-jsonrpc';
import type { BackendEvent, RefusalData } from '../../../server/protocol/backend.js';
import { isCheckRefusal } from '../../../extension/format/backendText.js';
import { backendInFixture } from './harness.js';

const { ws, backend } = backendInFixture();

const ofJob = (jobId: string) => (e: BackendEvent) => ('jobId' in e && e.jobId === jobId ? e : undefined);

test('hello: the backend loads its native modules on this Node', { timeout: 30_000 }, async () => {
  const hello = await backend.rpc.request('mlpipe/hello', {});
  assert.equal(hello.abi, Number(process.versions.modules));
  assert.deepEqual(
    hello.modules.filter((m) => !m.ok),
    [],
  );
  assert.equal(hello.pid, backend.child.pid);
});

test('trains a pipeline over stdio, streaming its epochs, and the store answers for it', { timeout: 120_000 }, async () => {
  const jobId = 'job-train';
  const outcome = await backend.rpc.request('run/start', { jobId, file: ws.file, backend: 'cpu' });
  const mine = backend.events.filter((e) => ofJob(jobId)(e));
  const started = mine.find((e) => e.kind === 'runStarted');
  assert.ok(started && started.kind === 'runStarted');
  assert.equal(started.runId, outcome.runId);
  assert.equal(started.pipelineName, 'churn');
  const epochs = mine.flatMap((e) => (e.kind === 'epoch' ? [e] : []));
  assert.deepEqual(
    epochs.map((e) => e.epoch),
    [1, 2, 3, 4, 5],
    'one event per epoch, in order',
  );
  assert.ok(epochs.every((e) => e.epochs === 5 && Number.isFinite(e.loss) && e.runId === outcome.runId));
  assert.ok(mine.indexOf(started) < mine.indexOf(epochs[0]), 'runStarted comes before the first epoch');
  const finished = mine[mine.length - 1];
  assert.equal(finished.kind, 'runFinished');
  assert.equal(finished.kind === 'runFinished' && finished.status, 'completed');
  assert.ok(mine.some((e) => e.kind === 'stage'), 'stages are reported');

  assert.equal(outcome.status, 'completed');
  assert.ok(outcome.metrics.auc > 0.8, `auc ${outcome.metrics.auc}`);
  assert.deepEqual(outcome.registered, { name: 'churn_model', version: 1, stage: 'staging' });
  await backend.next((e) => (e.kind === 'registryChanged' && e.name === 'churn_model' ? e : undefined), 'registryChanged');

  const runs = await backend.rpc.request('runs/list', { folder: ws.dir });
  assert.equal(runs[0].id, outcome.runId);
  assert.equal(runs[0].status, 'completed');
  assert.ok(!('pipelineText' in runs[0]), 'lists leave out the pipeline text');

  const detail = await backend.rpc.request('runs/get', { folder: ws.dir, runId: outcome.runId });
  const loss = detail.curves.find((c) => c.key === 'loss');
  assert.ok(loss, `curves: ${detail.curves.map((c) => c.key).join(', ')}`);
  assert.deepEqual(
    loss.points.map((p) => p.value),
    epochs.map((e) => e.loss),
    'the stored curve is the streamed one',
  );
  assert.ok(detail.artifacts.length > 0);
  assert.equal(detail.run.pipelineText, readFileSync(ws.file, 'utf8'));

  const curves = await backend.rpc.request('runs/curves', { folder: ws.dir, runIds: [outcome.runId, 'r-nope'], key: 'loss', buckets: 1 });
  assert.equal(curves.length, 1, 'unknown runs are left out');
  assert.ok(curves[0].points.length <= 2 && curves[0].total === 5);

  const models = await backend.rpc.request('models/list', { folder: ws.dir });
  assert.deepEqual(
    models.map((m) => [m.name, m.versions.map((v) => v.stage)]),
    [['churn_model', ['staging']]],
  );
  const promoted = await backend.rpc.request('models/promote', { folder: ws.dir, name: 'churn_model', version: 1, stage: 'production' });
  assert.equal(promoted.stage, 'production');
});

test('reproduce retrains from the record and reports identical weights', { timeout: 120_000 }, async () => {
  const [original] = await backend.rpc.request('runs/list', { folder: ws.dir, limit: 1 });
  const outcome = await backend.rpc.request('run/reproduce', { jobId: 'job-repro', folder: ws.dir, runId: original.id });
  assert.equal(outcome.reproduce?.of, original.id);
  assert.equal(outcome.reproduce?.identical, true);
  const started = backend.events.find((e) => e.kind === 'runStarted' && e.jobId === 'job-repro');
  assert.ok(started && started.kind === 'runStarted' && started.reproduces === original.id);
  const detail = await backend.rpc.request('runs/get', { folder: ws.dir, runId: original.id });
  assert.deepEqual(detail.reproductions, [{ runId: outcome.runId, status: 'completed', identical: true }]);
  // As if an older mlpipe (engine mlpipe-dense-wasm/1) had trained the original: the Run panel's
  // verdict gets what changed, not only that the weights differ.
  const db = new Database(join(ws.dir, '.mlpipe/mlpipe.db'));
  const recorded = db.prepare<[string], { environment: string; weights_hash: string }>('SELECT environment, weights_hash FROM runs WHERE id = ?').get(original.id)!;
  try {
    const env = JSON.parse(recorded.environment);
    env.backend.version = 'mlpipe-dense-wasm/1 (WebAssembly SIMD)';
    db.prepare('UPDATE runs SET environment = ?, weights_hash = ? WHERE id = ?').run(JSON.stringify(env), `sha256:${'0'.repeat(64)}`, original.id);
    const older = await backend.rpc.request('runs/get', { folder: ws.dir, runId: original.id });
    assert.equal(older.reproductions[0]!.identical, false);
    assert.deepEqual(older.reproductions[0]!.changed?.map((c) => c.replace(/ then, .*/, '')), ['engine: mlpipe-dense-wasm/1 (WebAssembly SIMD)']);
    // Reproducing it now: the job's outcome (the editor's notification) says the same.
    const again = await backend.rpc.request('run/reproduce', { jobId: 'job-repro-older', folder: ws.dir, runId: original.id });
    assert.equal(again.reproduce?.identical, false);
    assert.deepEqual(again.reproduce?.changed?.map((c) => c.replace(/ then, .*/, '')), ['engine: mlpipe-dense-wasm/1 (WebAssembly SIMD)']);
  } finally {
    db.prepare('UPDATE runs SET environment = ?, weights_hash = ? WHERE id = ?').run(recorded.environment, recorded.weights_hash, original.id);
    db.close();
  }
});

test('cancel stops a run between batches and records it as interrupted', { timeout: 120_000 }, async () => {
  const long = join(ws.dir, 'long.mlpipe');
  writeFileSync(long, readFileSync(ws.file, 'utf8').replace(/epochs(\s*)=\s*5/, 'epochs$1= 500'));
  const jobId = 'job-cancel';
  const pending = backend.rpc.request('run/start', { jobId, file: long, backend: 'cpu' });
  const first = await backend.next((e) => (e.kind === 'epoch' && e.jobId === jobId ? e : undefined), 'a first epoch');
  const second = backend.rpc.request('run/start', { jobId: 'job-twice', file: long });
  await assert.rejects(second, /already training/);
  assert.deepEqual(await backend.rpc.request('run/cancel', { jobId }), { cancelled: true });
  await assert.rejects(pending, /cancelled/);
  const finished = await backend.next((e) => (e.kind === 'runFinished' && e.jobId === jobId ? e : undefined), 'runFinished');
  assert.equal(finished.status, 'interrupted');
  const [run] = await backend.rpc.request('runs/list', { folder: ws.dir, pipelinePath: long });
  assert.equal(run.id, first.runId);
  assert.equal(run.status, 'interrupted');
  assert.deepEqual(await backend.rpc.request('run/cancel', { jobId }), { cancelled: false }, 'an ended job cannot be cancelled');
});

test('bad requests get a one-line error and the backend keeps serving', { timeout: 60_000 }, async () => {
  await assert.rejects(backend.rpc.request('run/start', { jobId: 'j-missing', file: join(ws.dir, 'nope.mlpipe') }), (e: Error) => /cannot read .*nope\.mlpipe: no such file/.test(e.message) && !e.message.includes('\n') && (e as ResponseError).data === undefined && !isCheckRefusal(e));
  await assert.rejects(backend.rpc.request('run/start', { jobId: 'j-backend', file: ws.file, backend: 'tpu' }), /backend must be one of/);
  await assert.rejects(backend.rpc.request('runs/get', { folder: ws.dir, runId: 'r-nope' }), /no run 'r-nope'/);
  await assert.rejects(backend.rpc.request('models/promote', { folder: ws.dir, name: 'churn_model', version: 1, stage: 'gold' as never }), /stage must be one of/);
  await assert.rejects(backend.rpc.request('models/rollback', { folder: ws.dir, name: 'churn_model' }), /first version it had in production/);
  await assert.rejects(backend.rpc.request('drift/detail', { url: 'http://127.0.0.1:1' }), /no model is served on http:\/\/127\.0\.0\.1:1 by this window now .*: serve the pipeline again, then 'mlpipe: Show Drift'/);
  const broken = join(ws.dir, 'broken.mlpipe');
  writeFileSync(broken, 'pipeline p\nmodel m {\n');
  const checked = await backend.rpc.request('check/files', { files: [broken, ws.file, join(ws.dir, 'gone.mlpipe')] });
  assert.ok(checked[0].errors > 0 && checked[0].problems.length > 0);
  assert.equal(checked[1].errors, 0);
  assert.match(checked[2].problems[0], /cannot read: no such file/);
  // A file with errors is refused naming its first error: the editor's notification is all the
  // user sees, and the file trained from the Experiments tree may not be open in an editor.
  const misspelt = join(ws.dir, 'misspelt.mlpipe');
  writeFileSync(misspelt, readFileSync(ws.file, 'utf8').replace(/inputs(\s*)= \[tenure_z,/, 'inputs$1= [tenure_zz,'));
  await assert.rejects(backend.rpc.request('run/start', { jobId: 'j-errors', file: misspelt }), (e: Error) => {
    assert.match(e.message, /misspelt\.mlpipe has 1 error: fix it before running \(line \d+, [a-z/-]+: .*tenure_zz/);
    // Typed as a check refusal, so the editor offers the Problems view instead of the output.
    assert.deepEqual((e as ResponseError<RefusalData>).data, { reason: 'check' } satisfies RefusalData);
    assert.ok(isCheckRefusal(e), "the extension's test tells it apart as it arrives through its client");
    return true;
  });
  const hello = await backend.rpc.request('mlpipe/hello', {});
  assert.equal(hello.pid, backend.child.pid, 'still the same process');
  assert.equal(backend.child.exitCode, null);
});
