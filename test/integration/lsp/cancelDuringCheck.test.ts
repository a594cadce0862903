import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hookedServer } from './hookedServer.js';

const PIPELINE = `pipeline cancel

data rows { source = "data/rows.csv", target = y }

feature fx = fill_missing(rows.x, 0)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 1
}
`;

/**
 * A request waiting for a check still reading its data, cancelled by the client, is answered
 * RequestCancelled (-32800) at once, not when the check ends; the check goes on, and a request
 * after it is answered from it.
 */
test('a cancelled request that waits for a check is answered RequestCancelled at once', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-cancel-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/rows.csv'), 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join(''));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A check's data, once read, waits on this gate while it is closed.
  let gate: Promise<void> = Promise.resolve();
  let reading: () => void = () => {};
  const { client } = hookedServer(t, async () => {
    reading();
    await gate;
  });
  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  const { uri } = await client.open(join(dir, 'p.mlpipe'), PIPELINE);

  let release: () => void = () => {};
  gate = new Promise((r) => (release = r));
  const inFlight = new Promise<void>((r) => (reading = r));
  await client.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: PIPELINE.replace('seed   = 1', 'seed   = 2') }] });
  await inFlight;
  // The hover waits for version 2's check, held at the gate.
  const source = new (await import('vscode-jsonrpc')).CancellationTokenSource();
  const hover = client.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 9 } }, source.token);
  source.cancel();
  await assert.rejects(hover, (e: { code?: number }) => e.code === -32800);
  release();
  const after = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 9 } });
  assert.ok(after?.contents, 'the check went on and answers the next request');
});
