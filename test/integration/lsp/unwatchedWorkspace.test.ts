import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SymbolInformation } from 'vscode-languageserver';
import { inProcessClient, uriOf } from './client.js';
import { workspacePipeline } from './workspacePipeline.js';

/**
 * A client that cannot register file watchers (Neovim 0.10+ on Linux turns
 * `workspace/didChangeWatchedFiles` off; Helix before 24.07 has none) never tells the server of a
 * closed pipeline added, changed or deleted on disk (a `git checkout`, another tool): each
 * workspace/symbol answers from the disk as it is, not from the scan at start.
 */
test('without client file watchers, workspace/symbol follows pipelines added, changed and deleted on disk', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-unwatched-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.mlpipe'), workspacePipeline('a', 'from_a'));
  writeFileSync(join(dir, 'gone.mlpipe'), workspacePipeline('gone', 'from_gone'));
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  // No 'workspace.didChangeWatchedFiles' at all, as Neovim on Linux and older Helix send.
  await client.rpc.sendRequest('initialize', { processId: null, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: 'w' }], capabilities: { workspace: { workspaceFolders: true } } });
  await client.rpc.sendNotification('initialized', {});
  const names = async () => (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'from_' })).map((s) => s.name).sort();
  assert.deepEqual(await names(), ['from_a', 'from_gone']);

  writeFileSync(join(dir, 'sub', 'b.mlpipe'), workspacePipeline('b', 'from_b'));
  mkdirSync(join(dir, 'new'));
  writeFileSync(join(dir, 'new', 'c.mlpipe'), workspacePipeline('c', 'from_c'));
  // Same size, another name: a change a size check alone would miss.
  writeFileSync(join(dir, 'a.mlpipe'), workspacePipeline('a', 'from_A'));
  unlinkSync(join(dir, 'gone.mlpipe'));
  assert.deepEqual(await names(), ['from_A', 'from_b', 'from_c']);
});
