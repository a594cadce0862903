import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { backendInFixture } from './harness.js';

const { ws, backend } = backendInFixture();

test('serve through the backend: start on a free port, answer /predict, report drift targets, stop', { timeout: 180_000 }, async () => {
  const hello = await backend.rpc.request('mlpipe/hello', {});
  assert.equal(hello.features.serve, true);
  await assert.rejects(backend.rpc.request('serve/start', { file: ws.file, port: 0 }), /no runs in .*train the pipeline first/, 'nothing to serve before the pipeline has trained');
  const run = await backend.rpc.request('run/start', { jobId: 'train', file: ws.file, backend: 'cpu' });
  await backend.rpc.request('models/promote', { folder: ws.dir, name: run.registered!.name, version: run.registered!.version, stage: 'production' });
  const endpoint = await backend.rpc.request('serve/start', { file: ws.file, port: 0 });
  assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const up = await backend.next((e) => (e.kind === 'serverUp' ? e : undefined), 'serverUp');
  assert.equal(up.endpoint.url, endpoint.url);
  const health = await fetch(`${endpoint.url}/health`);
  assert.equal(health.status, 200);
  await assert.rejects(backend.rpc.request('serve/start', { file: ws.file, port: 0 }), /already served/);
  const listed = await backend.rpc.request('serve/list', {});
  assert.equal(listed.length, 1);
  assert.equal(listed[0].model, run.registered!.name);
  assert.ok(Array.isArray(listed[0].drift), 'drift per target (empty until predictions arrive)');
  assert.deepEqual(await backend.rpc.request('serve/stop', { url: endpoint.url }), { stopped: true });
  await backend.next((e) => (e.kind === 'serverDown' ? e : undefined), 'serverDown');
  await assert.rejects(fetch(`${endpoint.url}/health`));
  assert.deepEqual(await backend.rpc.request('serve/list', {}), []);

  // Two starts at once (a second click on '▶ Serve' while the model loads): one server, one refusal.
  const both = await Promise.allSettled([0, 1].map(() => backend.rpc.request('serve/start', { file: ws.file, port: 0 })));
  const started = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = both.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
  assert.equal(started.length, 1, `started: ${JSON.stringify(started.map((e) => e.url))}`);
  assert.match(refused[0] ?? '', /already starting to serve/);
  assert.deepEqual((await backend.rpc.request('serve/list', {})).map((e) => e.url), [started[0]!.url]);
  assert.deepEqual(await backend.rpc.request('serve/stop', { url: started[0]!.url }), { stopped: true });

  // The serve block's port taken by another program: served on a free port, and the endpoint says why.
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as AddressInfo).port;
  try {
    writeFileSync(ws.file, readFileSync(ws.file, 'utf8').replace(/port(\s*)=\s*\d+/, `port$1= ${taken}`));
    const moved = await backend.rpc.request('serve/start', { file: ws.file });
    assert.notEqual(moved.port, taken);
    assert.equal(moved.note, `port ${taken} is taken by another program or window, so it listens on ${moved.port}`);
    assert.equal((await backend.rpc.request('serve/list', {}))[0]?.note, moved.note);
    await backend.rpc.request('serve/stop', { url: moved.url });
  } finally {
    blocker.close();
  }
});
