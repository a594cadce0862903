import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc';
import { FIXTURES, stdioClient, uriOf } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');

/** The error a request was refused with (fails when it was answered). */
async function refusal(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    const answer = await p;
    assert.fail(`answered ${JSON.stringify(answer).slice(0, 200)} instead of refusing`);
  } catch (e) {
    if (!(e instanceof ResponseError)) throw e;
    return { code: e.code, message: e.message };
  }
}

// The protocol's lifecycle, against the server process over stdio, as a client that gets the
// order wrong would meet it: -32002 before 'initialize', -32600 after 'shutdown', and 'exit'
// after 'shutdown' ends the process with 0.
test("requests before 'initialize' are refused as not initialized; a document opened then is not checked", async () => {
  const { client, exited } = stdioClient();
  const hover = await refusal(client.request('textDocument/hover', { textDocument: { uri: uriOf(CLEAN) }, position: { line: 0, character: 0 } }));
  assert.equal(hover.code, -32002);
  assert.match(hover.message, /not initialized/);
  // Any request, one the server does not know and 'shutdown' too: before, 'shutdown' was answered
  // and shut the server down, and 'willSaveWaitUntil' (the document manager's) answered [].
  for (const method of ['shutdown', 'mlpipe/unknown', '$/unknown', 'textDocument/willSaveWaitUntil']) assert.equal((await refusal(client.request(method, {}))).code, -32002, method);
  // Notifications before 'initialize' are dropped: this open publishes nothing, the document
  // opened then is not held, and nothing (not a log line) goes to the client before its answer.
  await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(CLEAN), languageId: 'mlpipe', version: 1, text: 'pipeline x\nbogus {\n}\n' } });
  const early = uriOf(join(FIXTURES, 'early.mlpipe'));
  await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: early, languageId: 'mlpipe', version: 1, text: 'pipeline early\n' } });
  await client.rpc.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(join(FIXTURES, 'never.mlpipe')), version: 2 }, contentChanges: [{ text: 'x' }] });
  await client.rpc.sendNotification('workspace/didChangeConfiguration', { settings: { mlpipe: { diagnostics: { maxPerFile: 'x' } } } });
  await client.initialize();
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: early } }), [], 'the document opened before initialize is held');
  assert.deepEqual(client.logs.filter((l) => l.type <= 2), [], 'the server wrote to the client before answering initialize');
  const { diagnostics } = await client.open(CLEAN);
  assert.deepEqual(diagnostics, [], 'the clean file, opened after initialize, is checked as sent');
  // Had the early open been checked, its publish (partial or complete) would have come first:
  // every publish for the file is of the clean text.
  const all = [...client.partials, client.published.get(uriOf(CLEAN))!].flatMap((p) => p.diagnostics);
  assert.ok(!all.some((d) => d.code === 'unknown-block'), 'the open sent before initialize was checked');
  await client.dispose();
  assert.equal(await exited, 0);
});

test("after 'shutdown' requests are refused as invalid, and 'exit' ends the process with 0", async () => {
  const { client, exited } = stdioClient();
  await client.initialize();
  const { uri } = await client.open(CLEAN);
  // Not announced (no 'willSave' in textDocumentSync), so not a method of this server: it was
  // answered [] by the document manager, before 'initialize' and after 'shutdown' too.
  const willSave = { textDocument: { uri }, reason: 1 };
  assert.equal((await refusal(client.request('textDocument/willSaveWaitUntil', willSave))).code, -32601);
  assert.equal(await client.request('shutdown', undefined), null);
  const late = await refusal(client.request('textDocument/documentSymbol', { textDocument: { uri } }));
  assert.equal(late.code, -32600);
  assert.match(late.message, /shut down/);
  for (const method of ['shutdown', 'mlpipe/unknown']) assert.deepEqual(await refusal(client.request(method, undefined)), { code: -32600, message: `${method}: the server is shut down` });
  assert.equal((await refusal(client.request('textDocument/willSaveWaitUntil', willSave))).code, -32600);
  await client.rpc.sendNotification('exit');
  assert.equal(await exited, 0);
  client.rpc.dispose();
});

// What ends the process when the client does not say 'shutdown' first (LSP 3.17 'exit': code 1),
// or goes away without a word (an editor killed, a pipe closed): the server must end, not stay
// behind reading a closed stdin.
test("'exit' without 'shutdown' ends the process with 1, before 'initialize' too", async () => {
  for (const initialized of [true, false]) {
    const { client, exited } = stdioClient();
    if (initialized) await client.initialize();
    await client.rpc.sendNotification('exit');
    assert.equal(await exited, 1, initialized ? 'after initialize' : 'before initialize');
    client.rpc.dispose();
  }
});

test("a 'shutdown' refused before 'initialize' is no shutdown: 'exit', or closing the connection, ends the process with 1", async () => {
  for (const end of ['exit', 'close'] as const) {
    const { client, child, exited } = stdioClient();
    assert.equal((await refusal(client.request('shutdown', undefined))).code, -32002);
    // The protocol library marked it received whatever the server answered, and then ended with 0.
    if (end === 'exit') await client.rpc.sendNotification('exit');
    else child.stdin!.end();
    assert.equal(await exited, 1, end);
    client.rpc.dispose();
  }
});

test('a client that closes the connection ends the server: with 1, or with 0 after shutdown', async () => {
  for (const shutdown of [false, true]) {
    const { client, child, exited } = stdioClient();
    await client.initialize();
    // A check in flight when the client goes away (its data read, its diagnostics unsent).
    await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(CLEAN), languageId: 'mlpipe', version: 1, text: 'pipeline x\n' } });
    if (shutdown) assert.equal(await client.request('shutdown', undefined), null);
    child.stdin!.end();
    assert.equal(await exited, shutdown ? 0 : 1);
    client.rpc.dispose();
  }
});
