import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionError, ConnectionErrors, ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import type { RefusalData } from '../../../server/protocol/backend.js';
import { BACKEND_GONE, isCheckRefusal, messageOf, notRunningText } from '../../../extension/format/backendText.js';

test("a request the backend never answered (killed with kill -9, crashed) says so and what to do, not the connection's words", () => {
  // What vscode-jsonrpc rejects a pending request with when the extension disposes the dead backend's connection.
  assert.equal(messageOf(new ResponseError(ErrorCodes.PendingResponseRejected, 'Pending response rejected since connection got disposed')), BACKEND_GONE);
  assert.equal(messageOf(new ConnectionError(ConnectionErrors.Disposed, 'Connection is disposed.')), BACKEND_GONE);
  assert.equal(messageOf(new ResponseError(ErrorCodes.MessageWriteError, 'write EPIPE')), BACKEND_GONE);
  assert.match(BACKEND_GONE, /Restart Backend/);
});

test("the backend's own refusal is its first line; nothing reads '[object Object]'", () => {
  assert.equal(messageOf(new ResponseError(-32001, "no run 'x' in this project")), "no run 'x' in this project");
  assert.equal(messageOf(new Error('first line\n    at stack (file.ts:1:1)')), 'first line');
  assert.equal(messageOf({ message: 'plain object' }), 'plain object');
  assert.equal(messageOf('a string'), 'a string');
  assert.doesNotMatch(messageOf({}), /object Object/);
  assert.doesNotMatch(messageOf(undefined), /undefined/);
});

test('a panel opened while the backend starts (a window reload) says it is starting, not that it is not running', () => {
  assert.equal(notRunningText({ kind: 'starting' }), 'the backend is starting…');
  assert.equal(notRunningText({ kind: 'stopped', reason: 'the backend was killed by SIGKILL; restarting in 1 s' }), 'the backend is stopped: the backend was killed by SIGKILL; restarting in 1 s');
});

test("a check refusal is told apart by the error's data (Show Problems), every other failure is not (Show Output)", () => {
  const data: RefusalData = { reason: 'check' };
  assert.equal(isCheckRefusal(new ResponseError(-32001, 'p.mlpipe has 1 error: fix it before running (line 3, …)', data)), true);
  assert.equal(isCheckRefusal(new ResponseError(-32001, 'p.mlpipe has 1 error: fix it before running')), false, 'the words alone are no marker');
  assert.equal(isCheckRefusal(new ResponseError(-32001, 'x', { reason: 'other' })), false);
  assert.equal(isCheckRefusal(new ResponseError(ErrorCodes.PendingResponseRejected, 'gone')), false);
  assert.equal(isCheckRefusal(new Error('x')), false);
  assert.equal(isCheckRefusal(undefined), false);
});
