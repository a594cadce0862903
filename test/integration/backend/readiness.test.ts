import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { backendInFixture } from './harness.js';

const { ws, backend } = backendInFixture();

test('the backend scores a pipeline file (or the editor’s unsaved text) against the ML Test Score items', async () => {
  const saved = await backend.rpc.request('readiness/score', { file: ws.file });
  assert.equal(saved.counts.missing, 0, JSON.stringify(saved.items.filter((i) => i.status === 'missing')));
  assert.ok(saved.counts.automated >= 10);
  // Unsaved text wins over the file: a split without a seed.
  const text = readFileSync(ws.file, 'utf8').replace(/\n\s*seed\s*=\s*42/, '');
  const edited = await backend.rpc.request('readiness/score', { file: ws.file, text });
  const split = edited.items.find((i) => i.id === 'model.split')!;
  assert.equal(split.status, 'missing');
  assert.equal(split.fix?.kind, 'quickfix');
  await assert.rejects(backend.rpc.request('readiness/score', { file: join(ws.dir, 'nope.mlpipe') }), /cannot read .*no such file/);
});
