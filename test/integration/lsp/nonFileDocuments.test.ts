import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { inProcessClient, positionOf, uriOf } from './client.js';
import { demoPipeline } from './demoPipeline.js';

const PIPELINE = demoPipeline();

/**
 * Documents that are not files: a pipeline as VS Code shows it in a diff (`git:`), a notebook
 * cell, an unsaved file. Those that name a path get their data beside it, as 'mlpipe check'
 * there; the rest are checked with their syntax and rules and say plainly where they looked.
 */
test('a git: or notebook-cell document reads the data beside the file its URI names; an untitled one says where it looked', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-nonfile-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/rows.csv'), 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join(''));
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir });
  const openAs = async (uri: string): Promise<Diagnostic[]> => {
    const published = client.nextDiagnostics(uri);
    await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: PIPELINE } });
    return (await published).diagnostics;
  };
  const file = uriOf(join(dir, 'p.mlpipe'));
  for (const uri of [`git:${file.slice('file://'.length)}?%7B%22ref%22%3A%22HEAD%22%7D`, `vscode-notebook-cell:${uriOf(join(dir, 'nb.ipynb')).slice('file://'.length)}#W0sZmlsZQ%3D%3D`]) {
    const diagnostics = await openAs(uri);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'repro/missing-source'), [], uri);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(PIPELINE, 'rows.csv') });
    assert.match((hover.contents as { value: string }).value, /40 rows|rows read/i, uri);
  }
  // An unsaved document is taken to be in the first workspace folder, where VS Code offers to save it.
  assert.deepEqual((await openAs('untitled:Untitled-1')).filter((d) => d.code === 'repro/missing-source'), []);
});

test('an untitled document of a client without a workspace folder says where it looked for its data', { timeout: 30_000 }, async (t) => {
  const client = inProcessClient();
  t.after(() => client.dispose());
  await client.initialize({});
  const published = client.nextDiagnostics('untitled:Untitled-1');
  await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'mlpipe', version: 1, text: PIPELINE } });
  const missing = (await published).diagnostics.find((d) => d.code === 'repro/missing-source');
  assert.match(missing?.message ?? '', /'data\/rows\.csv' does not exist \(looked for .*rows\.csv\)/);
});
