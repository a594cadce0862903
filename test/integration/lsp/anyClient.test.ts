import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURES, rawStdioServer, uriOf, type WireMessage } from './client.js';

const initialize = { processId: null, rootUri: uriOf(FIXTURES), capabilities: {} };

/**
 * The server against clients other than VS Code, over a real stdio connection with exact
 * messages: malformed params and notifications, odd orders. Whatever a client sends, the server
 * keeps answering, refuses what it cannot read with a plain message, and its diagnostics stay
 * those of the text it holds.
 */
describe('a client that sends malformed messages', () => {
  test('didChangeConfiguration with null params is ignored: the server keeps running', async () => {
    const server = rawStdioServer();
    await server.request('initialize', initialize);
    server.notify('initialized', {});
    server.notify('workspace/didChangeConfiguration', null);
    const answer = await Promise.race([server.request('workspace/symbol', { query: 'churn' }), server.exited.then((code) => ({ exited: code }) as WireMessage)]);
    assert.ok(Array.isArray(answer.result), `the server did not answer after the notification: ${JSON.stringify(answer)}`);
    assert.equal(await server.close(), 0);
  });
});
