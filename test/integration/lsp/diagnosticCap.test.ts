import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { FIXTURES, stdioClient, uriOf } from './client.js';

// Eight errors and two warnings (checked in the first step), capped by the server process over stdio.
const TEXT = 'pipeline p\n' + Array.from({ length: 6 }, (_, i) => `feature f${i} = nope${i}`).join('\n') + '\nfeature g = log1p(1, 2, 3)\n';

test("a file's diagnostics are capped at 'mlpipe.diagnostics.maxPerFile', errors first, the rest counted; a new cap publishes again", async () => {
  const { client, exited } = stdioClient();
  try {
    await client.initialize({ initializationOptions: { diagnostics: { debounceMs: 0, maxPerFile: 4 } } });
    const { uri, diagnostics } = await client.open(join(FIXTURES, 'capped.mlpipe'), TEXT);
    assert.equal(diagnostics.length, 5);
    assert.deepEqual(diagnostics.slice(0, 4).map((d) => d.severity), Array(4).fill(DiagnosticSeverity.Error));
    assert.equal(diagnostics[4]!.severity, DiagnosticSeverity.Error);
    assert.match(diagnostics[4]!.message, /^6 more problems in this file not shown \(4 errors, 2 warnings\): at most 4 are shown per file/);
    // The first step: no cap, every one of them.
    const all = client.nextDiagnostics(uri, (d) => d.length !== 5);
    await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: { mlpipe: { diagnostics: { maxPerFile: 0 } } } });
    const every = (await all).diagnostics;
    assert.equal(every.length, 10);
    assert.equal(every.filter((d) => d.severity === DiagnosticSeverity.Error).length, 8);
    assert.ok(!every.some((d) => /more problems/.test(d.message)));
  } finally {
    await client.dispose();
  }
  assert.equal(await exited, 0);
});

test("a pushed 'mlpipe' section without the cap sets it back to its default; flat keys change only what they name", async () => {
  const { client, exited } = stdioClient();
  try {
    await client.initialize();
    const { uri } = await client.open(join(FIXTURES, 'capped.mlpipe'), TEXT);
    const push = (settings: unknown) => client.rpc.sendNotification('workspace/didChangeConfiguration', { settings });
    const capped = client.nextDiagnostics(uri, (d) => d.length === 6);
    await push({ mlpipe: { diagnostics: { maxPerFile: 5 } } });
    await capped;
    // Not a section: the cap stays.
    await push({ 'mlpipe.diagnostics.debounceMs': 0 });
    assert.equal((await client.change(uri, TEXT)).length, 6);
    // A whole section (as VS Code sends them) without the key: the client removed it.
    await push({ mlpipe: {} });
    assert.equal((await client.change(uri, TEXT)).length, 10, 'the cap is back to its default (1000)');
  } finally {
    await client.dispose();
  }
  assert.equal(await exited, 0);
});

test("a client answering workspace/configuration: a section without the cap sets it back to its default; no section keeps it", async () => {
  const { client, exited } = stdioClient();
  try {
    let section: unknown = { diagnostics: { maxPerFile: 5, debounceMs: 0 } };
    client.rpc.onRequest('workspace/configuration', () => [section]);
    await client.initialize({ capabilities: { workspace: { configuration: true } } });
    const path = join(FIXTURES, 'capped.mlpipe');
    // The answer may come after the first check: the cap then publishes again.
    const uri = uriOf(path);
    const capped = client.nextDiagnostics(uri, (d) => d.length === 6);
    await client.open(path, TEXT);
    await capped;
    const changed = () => client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // No section (Neovim answers null for one it does not hold): nothing to read, the cap stays.
    section = null;
    await changed();
    assert.equal((await client.change(uri, TEXT)).length, 6);
    // The whole section without the key: the user removed it.
    section = { diagnostics: { debounceMs: 0 } };
    const all = client.nextDiagnostics(uri, (d) => d.length === 10);
    await changed();
    await all;
  } finally {
    await client.dispose();
  }
  assert.equal(await exited, 0);
});
