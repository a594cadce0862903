import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { FIXTURES, rawStdioServer, uriOf } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');

async function started(t: TestContext) {
  const server = rawStdioServer();
  t.after(() => server.close());
  const answer = await server.request('initialize', { processId: null, rootUri: uriOf(FIXTURES), capabilities: {} });
  assert.ok(answer.result, JSON.stringify(answer.error));
  server.notify('initialized', {});
  return server;
}

/**
 * What a client other than VS Code sends that the server does not serve: each request is
 * answered (never left hanging), with MethodNotFound naming it; a notification the server does
 * not know is dropped and the server keeps answering.
 */
test('requests the server does not serve get MethodNotFound; unknown notifications are dropped', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: readFileSync(CLEAN, 'utf8') } });
  // Pull diagnostics (not announced: diagnostics are pushed), inlay hints, an extension's '$/' request.
  for (const method of ['textDocument/diagnostic', 'workspace/diagnostic', 'textDocument/inlayHint', 'textDocument/codeLens', '$/unknown']) {
    const answer = await server.request(method, { textDocument: { uri } });
    assert.equal(answer.error?.code, -32601, `${method}: ${JSON.stringify(answer)}`);
    assert.match(answer.error!.message, new RegExp(method.replace(/[$/]/g, '\\$&')));
  }
  server.notify('$/unknownNotification', { x: 1 });
  server.notify('custom/notification', null);
  const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  assert.equal(hover.error, undefined, JSON.stringify(hover));
  assert.deepEqual(server.problems(), [], 'an unknown notification is dropped without an error in the log');
  assert.equal(await server.close(), 0);
});

test('$/cancelRequest: the cancelled request is still answered (a result or RequestCancelled), and the server goes on', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: readFileSync(CLEAN, 'utf8') } });
  // Sent before the first check is done, so the request is in flight when the cancel arrives.
  const symbols = server.request('workspace/symbol', { query: '' });
  server.notify('$/cancelRequest', { id: 'raw-2' });
  // A cancel of an id never sent, or of params the server cannot read, is nothing to answer.
  server.notify('$/cancelRequest', { id: 'never-sent' });
  server.notify('$/cancelRequest', null);
  const answer = await symbols;
  assert.ok(Array.isArray(answer.result) || answer.error?.code === -32800, JSON.stringify(answer));
  const after = await server.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(after.result), JSON.stringify(after));
  assert.equal(await server.close(), 0);
});

/**
 * A frame whose body is not JSON: JSON-RPC would answer -32700 with id null, but the jsonrpc
 * library reports the parse failure only on the protocol connection's error event, which
 * vscode-languageserver neither handles nor exposes (docs/language-server.md says why the server
 * does not take over the transport for it). What holds: the frame is dropped whole and the
 * frames after it are read and answered.
 */
test('a frame that is not JSON is dropped and the server goes on answering', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: readFileSync(CLEAN, 'utf8') } });
  server.frame('{"jsonrpc":"2.0","id":"bad","method":"textDocument/hover","params":');
  server.frame('not json at all, with ünïcödé');
  const after = await server.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(after.result), JSON.stringify(after));
  assert.equal(server.messages.find((m) => m.id === 'bad'), undefined);
  assert.equal(await server.close(), 0);
});
