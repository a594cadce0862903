import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hookedServer } from './hookedServer.js';
import { demoPipeline } from './demoPipeline.js';

const PIPELINE = demoPipeline();

/**
 * A check still reading data when the client sends 'shutdown' (an editor closing): once it
 * ends, nothing goes to the client. It published into a connection the embedder may have
 * disposed already, and the log line about that failure threw again, ending the process.
 */
test("a check that ends after 'shutdown' publishes nothing", { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-shutdown-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/rows.csv'), 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join(''));
  // A check's data, once read, waits on this gate while it is closed, so the check is in flight at 'shutdown'.
  let gate: Promise<void> = Promise.resolve();
  let reading: () => void = () => {};
  const { client, sent } = hookedServer(t, async () => {
    reading();
    await gate;
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  const { uri } = await client.open(join(dir, 'p.mlpipe'), PIPELINE);

  let release: () => void = () => {};
  gate = new Promise((r) => (release = r));
  const inFlight = new Promise<void>((r) => (reading = r));
  await client.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: PIPELINE.replace('seed   = 1', 'seed   = 2') }] });
  await inFlight;
  await client.request('shutdown', null);
  const before = sent.length;
  release();
  // The rest of the check is promise jobs (its data is read already): one turn ends it.
  await new Promise((r) => setImmediate(r));
  assert.equal(sent.length, before, `published after 'shutdown': ${JSON.stringify(sent.slice(before))}`);
});
