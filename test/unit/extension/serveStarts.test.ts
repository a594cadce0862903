import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServeStarts } from '../../../extension/runs/serveStarts.js';

test("a server is 'starting' from the request until it listens or fails, and the lenses hear both", async () => {
  let changes = 0;
  const starts = new ServeStarts(() => changes++);
  let listen!: (url: string) => void;
  const started = starts.track('/w/p.mlpipe', () => new Promise<string>((resolve) => (listen = resolve)));
  assert.equal(starts.isStarting('/w/p.mlpipe'), true, 'starting while the model and history load');
  assert.equal(starts.isStarting('/w/other.mlpipe'), false);
  assert.equal(changes, 1);
  listen('http://127.0.0.1:8080');
  assert.equal(await started, 'http://127.0.0.1:8080');
  assert.equal(starts.isStarting('/w/p.mlpipe'), false);
  assert.equal(changes, 2);

  await assert.rejects(starts.track('/w/p.mlpipe', () => Promise.reject(new Error('port taken'))), /port taken/);
  assert.equal(starts.isStarting('/w/p.mlpipe'), false, 'a failed start is not left starting');
  assert.equal(changes, 4);
});
