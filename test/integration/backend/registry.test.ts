/**
 * The editor's registry requests over the real backend: 'models/register' (Register Run as Model
 * Version) with the CLI's refusals, 'models/history' (the Models view's tooltips), and the
 * notice of a server the editor started whose model reference the registry moved.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendInFixture } from './harness.js';

const { ws, backend } = backendInFixture();

test('register by hand, read the trail, and hear of the served reference moving', { timeout: 240_000 }, async () => {
  const first = await backend.rpc.request('run/start', { jobId: 'one', file: ws.file, backend: 'cpu' });
  assert.deepEqual(first.registered, { name: 'churn_model', version: 1, stage: 'staging' });
  await backend.rpc.request('models/promote', { folder: ws.dir, name: 'churn_model', version: 1, stage: 'production' });
  const endpoint = await backend.rpc.request('serve/start', { file: ws.file, port: 0 });
  assert.equal(endpoint.version, 1);

  // The CLI's refusals, in its words (the registry's): an unknown run, one already registered, a bad stage.
  await assert.rejects(backend.rpc.request('models/register', { folder: ws.dir, name: 'churn_model', runId: 'r-nope' }), /^Error: cannot register churn_model: unknown run 'r-nope'/);
  await assert.rejects(backend.rpc.request('models/register', { folder: ws.dir, name: 'churn_model', runId: first.runId }), new RegExp(`run ${first.runId} is already version 1 of churn_model`));
  await assert.rejects(backend.rpc.request('models/register', { folder: ws.dir, name: 'churn_model', runId: first.runId, stage: 'archived' as never }), /stage must be one of staging, production, not 'archived'/);

  // A second run (churn_model v2 by its register block), also registered by hand under another name, into production.
  const second = await backend.rpc.request('run/start', { jobId: 'two', file: ws.file, backend: 'cpu' });
  assert.equal(second.registered?.version, 2);
  const other = await backend.rpc.request('models/register', { folder: ws.dir, name: 'by_hand', runId: second.runId, stage: 'production', reason: 'kept for the audit' });
  assert.deepEqual([other.name, other.version, other.stage, other.runId], ['by_hand', 1, 'production', second.runId]);
  await backend.next((e) => (e.kind === 'registryChanged' && e.name === 'by_hand' ? e : undefined), "registryChanged for 'by_hand'");
  const [entry] = await backend.rpc.request('models/history', { folder: ws.dir, name: 'by_hand' });
  assert.deepEqual([entry.action, entry.fromStage, entry.toStage, entry.actor, entry.reason, entry.runId], ['register', null, 'production', 'mlpipe editor', 'kept for the audit', second.runId]);

  // Promoting v2 moves 'churn_model@production' away from the v1 the server loaded: said once, as 'mlpipe serve' says it.
  await backend.rpc.request('models/promote', { folder: ws.dir, name: 'churn_model', version: 2, stage: 'production', reason: 'the canary held a week' });
  const moved = await backend.next((e) => (e.kind === 'servedVersionChanged' ? e : undefined), 'servedVersionChanged');
  assert.deepEqual(moved, { kind: 'servedVersionChanged', url: endpoint.url, file: ws.file, model: 'churn_model', version: 1, change: "'churn_model@production' is now v2 (production)" });
  assert.match(backend.stderr(), /churn\.mlpipe: the registry changed: 'churn_model@production' is now v2 \(production\); this server serves v1 until it restarts/);
  await backend.rpc.request('serve/stop', { url: endpoint.url });
  assert.equal(backend.events.filter((e) => e.kind === 'servedVersionChanged').length, 1, 'one notice per change');
  // The reasons the editor asks for, and the registry's own words where none was given.
  await backend.rpc.request('models/rollback', { folder: ws.dir, name: 'churn_model', reason: 'v2 flags every trial user' });
  const trail = await backend.rpc.request('models/history', { folder: ws.dir, name: 'churn_model' });
  assert.deepEqual(
    trail.map((e) => [e.version, e.action, e.fromStage, e.toStage, e.actor, e.reason]),
    [
      [1, 'register', null, 'staging', 'mlpipe run', 'every gate passed'],
      [1, 'promote', 'staging', 'production', 'mlpipe editor', 'promoted to production from the editor'],
      [2, 'register', null, 'staging', 'mlpipe run', 'every gate passed'],
      [1, 'supersede', 'production', 'archived', 'mlpipe editor', 'replaced in production by version 2 (promote)'],
      [2, 'promote', 'staging', 'production', 'mlpipe editor', 'the canary held a week'],
      [2, 'supersede', 'production', 'archived', 'mlpipe editor', 'v2 flags every trial user'],
      [1, 'rollback', 'archived', 'production', 'mlpipe editor', 'v2 flags every trial user'],
    ],
  );
});
