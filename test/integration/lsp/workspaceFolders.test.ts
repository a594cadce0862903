import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CodeAction, SymbolInformation } from 'vscode-languageserver';
import { inProcessClient, uriOf } from './client.js';
import { workspacePipeline } from './workspacePipeline.js';

const pipeline = (feature: string) => workspacePipeline('same', feature);

/**
 * Two folders holding pipelines of the same name; one added and one removed while the server
 * runs (workspace/didChangeWorkspaceFolders), and a pipeline outside every folder opened and
 * closed: workspace/symbol names the pipelines of the folders the workspace has now.
 */
test('workspace/symbol follows the workspace folders added and removed, and leaves out a closed file outside them', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-folders-'));
  for (const [folder, feature] of [['a', 'from_a'], ['b', 'from_b'], ['outside', 'from_outside']]) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'p.mlpipe'), pipeline(feature));
  }
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const folder = (name: string) => ({ uri: uriOf(join(dir, name)), name });
  await client.rpc.sendRequest('initialize', { processId: null, rootUri: folder('a').uri, workspaceFolders: [folder('a')], capabilities: { workspace: { workspaceFolders: true } } });
  await client.rpc.sendNotification('initialized', {});
  const names = async () => (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'from_' })).map((s) => s.name).sort();
  /** Asks again until the answer is `want` (a folder is scanned after the notification); the test's timeout bounds it. */
  const until = async (want: string[]) => {
    for (;;) {
      const got = await names();
      if (JSON.stringify(got) === JSON.stringify(want)) return;
      await new Promise((r) => setImmediate(r));
    }
  };
  assert.deepEqual(await names(), ['from_a']);

  await client.rpc.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder('b')], removed: [] } });
  await until(['from_a', 'from_b']);
  await client.rpc.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder('a')] } });
  await until(['from_b']);

  const { uri } = await client.open(join(dir, 'outside/p.mlpipe'));
  assert.deepEqual(await names(), ['from_b', 'from_outside'], 'an open file is named, wherever it is');
  await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await client.nextDiagnostics(uri, (d) => d.length === 0);
  assert.deepEqual(await names(), ['from_b']);
});

test('a file whose URI the client spells otherwise than Node (VS Code: %40 for @) is one file to workspace/symbol: opened, it is named once, from its open text; deleted, it is gone', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-spelling-'));
  mkdirSync(join(dir, 'at@dir'));
  writeFileSync(join(dir, 'at@dir/p.mlpipe'), pipeline('from_disk'));
  writeFileSync(join(dir, 'at@dir/q.mlpipe'), pipeline('from_q'));
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir });
  const names = async () => (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'from_' })).map((s) => s.name).sort();
  assert.deepEqual(await names(), ['from_disk', 'from_q']);
  const vscodeUri = (name: string) => uriOf(join(dir, 'at@dir', name)).replace('@', '%40');
  const uri = vscodeUri('p.mlpipe');
  const published = client.nextDiagnostics(uri);
  await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: pipeline('from_editor') } });
  await published;
  assert.deepEqual(await names(), ['from_editor', 'from_q'], 'the saved text of the open file was named too');
  rmSync(join(dir, 'at@dir/q.mlpipe'));
  await client.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: vscodeUri('q.mlpipe'), type: 3 }] });
  assert.deepEqual(await names(), ['from_editor']);
});

/**
 * Emacs (eglot) names its workspace by \`default-directory\`, which ends in a slash
 * (\`file:///home/me/proj/\`). The folder is the same: the environment fix looks for a lockfile
 * up to it and not above, as for a folder named without the slash.
 */
test('a workspace folder whose URI ends in a slash is the same folder: the lockfile search stops there', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-slash-'));
  mkdirSync(join(dir, 'proj'));
  writeFileSync(join(dir, 'requirements.txt'), 'numpy==2.0.0\n');
  writeFileSync(join(dir, 'proj/p.mlpipe'), 'pipeline p\n\nfeature a = 1\n');
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const root = uriOf(join(dir, 'proj')) + '/';
  await client.rpc.sendRequest('initialize', {
    processId: null,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'proj' }],
    capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
  });
  await client.rpc.sendNotification('initialized', {});
  const { uri, diagnostics } = await client.open(join(dir, 'proj/p.mlpipe'));
  const d = diagnostics.find((x) => x.code === 'repro/unpinned-environment')!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const block = actions.find((a) => a.title.startsWith('Add an'))!.edit!.changes![uri][0].newText;
  assert.match(block, /no lockfile found/, `the search went above the workspace folder: ${block}`);
});

test('a workspace larger than the bound of a scan is indexed in part, with a warning in the log naming the folder; open documents are still named', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-bound-'));
  for (const folder of ['a', 'b', 'c', 'd']) {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, 'p.mlpipe'), pipeline(`from_${folder}`));
  }
  const client = inProcessClient({ indexFolders: 3 });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir });
  const named = (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'from_' })).map((s) => s.name).sort();
  assert.equal(named.length, 2, `the root and two of its four folders were read: ${named.join(', ')}`);
  const warning = await client.logged(/workspace index stopped/);
  assert.ok(warning.includes(`after 3 folders (at most 3 per scan) in ${dir}:`), warning);
  assert.equal(client.logs.find((l) => l.message === warning)!.type, 2, 'a warning');
  const unread = ['a', 'b', 'c', 'd'].find((f) => !named.includes(`from_${f}`))!;
  await client.open(join(dir, unread, 'p.mlpipe'));
  assert.ok((await client.request<SymbolInformation[]>('workspace/symbol', { query: 'from_' })).some((s) => s.name === `from_${unread}`));
});
