import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { FIXTURES, rawStdioServer, uriOf, type WireMessage } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');
const cleanText = readFileSync(CLEAN, 'utf8');
const initialize = { processId: null, rootUri: uriOf(FIXTURES), capabilities: {} };

/** A server process, initialized as `init` says, that is ended when the test ends, passed or not. */
async function started(t: TestContext, init: object = initialize) {
  const server = rawStdioServer();
  t.after(() => server.close());
  const answer = await server.request('initialize', init);
  assert.ok(answer.result, `initialize was refused: ${JSON.stringify(answer.error)}`);
  server.notify('initialized', {});
  return server;
}

/**
 * The server against clients other than VS Code, over a real stdio connection with exact
 * messages: malformed params and notifications, odd orders. Whatever a client sends, the server
 * keeps answering, refuses what it cannot read with a plain message, and its diagnostics stay
 * those of the text it holds.
 */
describe('a client that sends malformed messages', () => {
  test('didChangeConfiguration with null params is ignored: the server keeps running', async (t) => {
    const server = await started(t);
    server.notify('workspace/didChangeConfiguration', null);
    const answer = await Promise.race([server.request('workspace/symbol', { query: 'churn' }), server.exited.then((code) => ({ exited: code }) as WireMessage)]);
    assert.ok(Array.isArray(answer.result), `the server did not answer after the notification: ${JSON.stringify(answer)}`);
    assert.equal(await server.close(), 0);
  });
});

const isPublish = (uri: string, version?: number) => (m: WireMessage) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version);
const codesOf = (m: WireMessage): string[] => m.params.diagnostics.map((d: { code: string }) => d.code);

test('an edit during the first check: every publish labelled with the new version is of the new text', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  // The first publish is the syntax-and-rules part; the data-aware check of version 1 runs on.
  await server.next(isPublish(uri, 1));
  const end = cleanText.split('\n').length - 1;
  server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: 'bogus {\n}\n' }] });
  await server.next((m) => isPublish(uri, 2)(m) && codesOf(m).includes('unknown-block'));
  const labelled2 = server.messages.filter(isPublish(uri, 2)).map(codesOf);
  assert.deepEqual(labelled2.filter((codes) => !codes.includes('unknown-block')), [], `version 1's diagnostics were published as version 2: ${JSON.stringify(labelled2)}`);
  assert.equal(await server.close(), 0);
});
