import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { uriOf } from './client.js';
import { hookedServer } from './hookedServer.js';
import { demoPipeline } from './demoPipeline.js';

const PIPELINE = demoPipeline();
const rows = (header: string) => `${header}\n` + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join('');
const unknown = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'unknown-reference');

/**
 * A check still reading the data when the file changes again (a large file, a script writing
 * twice): the re-check of the new data publishes, and the older check, ending after it, must not
 * publish the old data's diagnostics over it.
 */
test('a check that read the data before it changed does not publish after the re-check of the new data', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-datarace-'));
  mkdirSync(join(dir, 'data'));
  const csv = join(dir, 'data/rows.csv');
  writeFileSync(csv, rows('x,y'));
  // Armed, the next data read, once done, waits on the gate: that check is in flight across the change.
  let armed = false;
  let release: () => void = () => {};
  let held: () => void = () => {};
  const { client, sent } = hookedServer(
    t,
    async () => {
      if (!armed) return;
      armed = false;
      const gate = new Promise<void>((r) => (release = r));
      held();
      await gate;
    },
    { fsWatch: false },
  );
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  const { uri } = await client.open(join(dir, 'p.mlpipe'), PIPELINE);
  const changed = () => client.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(csv), type: 2 }] });

  // First change: its check reads 'x,z' (no target column) and is held.
  armed = true;
  const holding = new Promise<void>((r) => (held = r));
  writeFileSync(csv, rows('x,z'));
  await changed();
  await holding;
  // Second change, back to 'x,y': its check runs through and publishes.
  writeFileSync(csv, rows('x,y'));
  const fresh = client.nextDiagnostics(uri, (d) => !d.some((x) => x.code === 'unknown-reference'));
  await changed();
  await fresh;
  const after = sent.length;
  release();
  // The held check's rest is promise jobs (its data is read already): one turn ends it.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent.slice(after).filter(unknown), [], 'the old data was published over the new');
});
