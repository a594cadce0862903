import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { FIXTURES, rawStdioServer, uriOf, type WireMessage } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');
const cleanText = readFileSync(CLEAN, 'utf8');
const initialize = { processId: null, rootUri: uriOf(FIXTURES), capabilities: {} };

/** A server process, initialized as `init` says, that is ended when the test ends, passed or not. */
async function started(t: TestContext, init: object = initialize, unanswered: string[] = []) {
  const server = rawStdioServer({ unanswered });
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

test('document notifications that cannot be applied are ignored with a log line; the documents stay the client’s', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  const other = uriOf(join(FIXTURES, 'problems.mlpipe'));
  // No text: before, an open document without text failed every request on it and emptied workspace/symbol.
  server.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'mlpipe', version: 1 } });
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  await server.next((m) => isPublish(uri, 1)(m) && m.params.diagnostics.length === 0);
  const end = { line: cleanText.split('\n').length - 1, character: 0 };
  const append = (text: string) => ({ range: { start: end, end }, text });
  // A batch with one bad change is dropped whole: before, the changes before it were applied and the version kept.
  for (const contentChanges of [[append('bogus {\n}\n'), { range: null, text: 'x' }], [append('bogus {\n}\n'), null], [{}], [{ range: { start: { line: -1, character: 0 }, end }, text: 'bogus {\n}\n' }]])
    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges });
  server.notify('textDocument/didChange', { textDocument: { uri: uriOf(join(FIXTURES, 'never-opened.mlpipe')), version: 2 }, contentChanges: [{ text: 'x' }] });
  server.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [append('feature zz = log1p(customers.tenure_days)\n')] });
  const after = await server.next(isPublish(uri, 3));
  assert.deepEqual(codesOf(after), ['lifecycle/unused-feature'], 'the server holds text the client does not');
  const symbols = await server.request('workspace/symbol', { query: 'churn' });
  assert.ok((symbols.result as Array<{ location: { uri: string } }>).some((s) => s.location.uri === uri), `workspace/symbol: ${JSON.stringify(symbols)}`);
  server.notify('textDocument/didClose', { textDocument: { uri } });
  server.notify('textDocument/didClose', { textDocument: { uri } });
  await server.request('workspace/symbol', { query: '' });
  const problems = server.problems();
  for (const expected of [
    /ignored textDocument\/didOpen: 'textDocument\.text' must be a string, but it is missing/,
    /ignored textDocument\/didChange: 'contentChanges\[1\]\.range\.start\.line' must be a whole number from 0, but it is missing/,
    /ignored textDocument\/didChange: 'contentChanges\[1\]\.text' must be a string, but it is missing/,
    /ignored textDocument\/didChange: 'contentChanges\[0\]\.range\.start\.line' must be a whole number from 0, but it is -1/,
    /ignored textDocument\/didChange: .*never-opened\.mlpipe is not open/,
    /ignored textDocument\/didClose: .*clean\.mlpipe is not open/,
  ])
    assert.ok(problems.some((p) => expected.test(p)), `no log line matches ${expected}:\n${problems.join('\n')}`);
  assert.deepEqual(problems.filter((p) => !p.startsWith('mlpipe: ignored ')), [], 'other problems were logged');
});

test('a document opened again without a close is checked and answered from its new text, with a log line', async (t) => {
  const server = await started(t);
  const uri = 'untitled:Untitled-1';
  // The same version both times, as a client that resends its buffer after re-attaching would.
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 0, text: 'pipeline first\nbogus {\n}\n' } });
  const published = () => server.messages.filter(isPublish(uri, 0));
  // The syntax-and-rules publish, then the complete one.
  await server.next(() => published().length === 2);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 0, text: 'pipeline second\n\nfeature a = 1\n' } });
  await server.next(() => published().length === 3);
  const codes = codesOf(published()[2]);
  assert.ok(codes.includes('lifecycle/unused-feature') && !codes.includes('unknown-block'), `the first text was checked again: ${codes}`);
  const outline = await server.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual((outline.result as Array<{ name: string }>).map((s) => s.name), ['pipeline second', 'a']);
  assert.ok(server.problems().some((p) => /didOpen: untitled:Untitled-1 is open already/.test(p)), server.problems().join('\n'));
});

test('a document of another language is not checked or answered; a .mlpipe file is, whatever language id the client gives it', async (t) => {
  const server = await started(t);
  // A client that attaches the server to every buffer (an autocmd on all files, a broad selector):
  // before, a Python file was published "a pipeline file starts with 'pipeline NAME'".
  const python = uriOf(join(FIXTURES, 'train.py'));
  server.notify('textDocument/didOpen', { textDocument: { uri: python, languageId: 'python', version: 1, text: 'import os\n' } });
  server.notify('textDocument/didChange', { textDocument: { uri: python, version: 2 }, contentChanges: [{ text: 'import sys\n' }] });
  const hover = await server.request('textDocument/hover', { textDocument: { uri: python }, position: { line: 0, character: 8 } });
  assert.deepEqual(hover.result, null);
  server.notify('textDocument/didClose', { textDocument: { uri: python } });
  // A client that knows no mlpipe language names the file's language as it can (Kate: 'normal').
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: cleanText } });
  await server.next((m) => isPublish(uri, 1)(m) && m.params.diagnostics.length === 0);
  assert.deepEqual(server.messages.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === python), [], 'the Python file was checked');
  assert.ok(server.messages.some((m) => m.method === 'window/logMessage' && /not checking .*train\.py: its language is 'python'/.test(m.params.message)), 'no log line says why');
  assert.deepEqual(server.problems(), [], 'its change or close was taken for one of a document not open');
});

test('a document opened again under another language follows the latest open: no longer checked, its diagnostics cleared', async (t) => {
  const server = await started(t);
  // Not a .mlpipe file: its language id alone says what it is (a client that calls a buffer
  // 'mlpipe', then has its language changed to Markdown).
  const uri = uriOf(join(FIXTURES, 'notes.txt'));
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: 'pipeline notes\nbogus {\n}\n' } });
  await server.next((m) => isPublish(uri, 1)(m) && codesOf(m).includes('unknown-block'));
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 2, text: '# notes\n\nbogus {\n' } });
  // Before, the document stayed held and checked as a pipeline: its errors stayed in the Problems view.
  const cleared = await server.next((m) => isPublish(uri)(m) && m.params.version === undefined && m.params.diagnostics.length === 0);
  server.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'pipeline\n' }] });
  const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
  assert.deepEqual(hover.result, null);
  server.notify('textDocument/didClose', { textDocument: { uri } });
  // A request after the notifications: answered once they are handled.
  await server.request('workspace/symbol', { query: 'notes' });
  const later = server.messages.slice(server.messages.indexOf(cleared) + 1).filter((m) => isPublish(uri)(m) && m.params.diagnostics.length > 0);
  assert.deepEqual(later, [], 'the document was checked as a pipeline after it was opened as Markdown');
  assert.deepEqual(server.problems(), [], 'its change or close was taken for one of a document not open');
});

test('a change sent under the version the document has already is checked, and requests are answered from its text', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 5, text: cleanText } });
  await server.next((m) => isPublish(uri, 5)(m) && server.messages.filter(isPublish(uri, 5)).length === 2);
  // The protocol wants a higher version after each change; a client that does not bump it was
  // answered from the text before the change (its quick fixes' edits placed in the old text)
  // and never had the change checked.
  server.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: cleanText + 'feature zz = log1p(customers.tenure_days)\n' }] });
  const outline = await server.request('textDocument/documentSymbol', { textDocument: { uri } });
  const names = (outline.result as Array<{ name: string }>).map((s) => s.name);
  assert.ok(names.includes('zz'), `the outline is of the text before the change: ${names.join(', ')}`);
  const after = await server.next((m) => isPublish(uri, 5)(m) && codesOf(m).includes('lifecycle/unused-feature'));
  assert.deepEqual(codesOf(after), ['lifecycle/unused-feature']);
});

test('workspace notifications that cannot be read are ignored with a log line, not failed with a stack trace', async (t) => {
  const server = await started(t, { ...initialize, capabilities: { workspace: { workspaceFolders: true } } });
  for (const params of [null, { changes: null }, { changes: [null] }, { changes: [{ uri: 5, type: 1 }] }]) server.notify('workspace/didChangeWatchedFiles', params);
  for (const params of [null, { event: null }, { event: { added: [] } }, { event: { added: [{ uri: 7, name: 'x' }], removed: [] } }]) server.notify('workspace/didChangeWorkspaceFolders', params);
  // Still answering, and the folder it was given is still its folder.
  const symbols = await server.request('workspace/symbol', { query: 'churn' });
  assert.ok((symbols.result as unknown[]).length > 0, JSON.stringify(symbols));
  const problems = server.problems();
  for (const expected of [
    /ignored workspace\/didChangeWatchedFiles: params must be an object, but they are null/,
    /ignored workspace\/didChangeWatchedFiles: 'changes' must be an array, but it is null/,
    /ignored workspace\/didChangeWatchedFiles: 'changes\[0\]\.uri' must be a string, but it is missing/,
    /ignored workspace\/didChangeWatchedFiles: 'changes\[0\]\.uri' must be a string, but it is a number/,
    /ignored workspace\/didChangeWorkspaceFolders: params must be an object, but they are null/,
    /ignored workspace\/didChangeWorkspaceFolders: 'event\.added' must be an array, but it is missing/,
    /ignored workspace\/didChangeWorkspaceFolders: 'event\.removed' must be an array, but it is missing/,
    /ignored workspace\/didChangeWorkspaceFolders: 'event\.added\[0\]\.uri' must be a string, but it is a number/,
  ])
    assert.ok(problems.some((p) => expected.test(p)), `no log line matches ${expected}:\n${problems.join('\n')}`);
  assert.deepEqual(problems.filter((p) => !p.startsWith('mlpipe: ignored ')), [], 'other problems were logged');
});

test('a request with params that are null or not an object is refused as InvalidParams, in plain words', async (t) => {
  const server = await started(t);
  for (const [method, params] of [
    ['textDocument/hover', null],
    ['textDocument/semanticTokens/full', null],
    ['workspace/symbol', null],
    ['textDocument/codeAction', 'text'],
  ] as const) {
    const answer = await server.request(method, params);
    assert.equal(answer.error?.code, -32602, `${method} with ${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
    assert.match(answer.error.message, /^\w+: params must be an object, but they are (null|a string)$/);
  }
  assert.deepEqual(server.problems(), []);
});

test('a position that is not a whole number from 0 is refused as InvalidParams, not read as the start of the file', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  for (const [method, position, message] of [
    ['textDocument/hover', { line: -1, character: 0 }, "hover: 'position.line' must be a whole number from 0, but it is -1"],
    ['textDocument/completion', { line: 3, character: -2 }, "completion: 'position.character' must be a whole number from 0, but it is -2"],
    ['textDocument/definition', { line: 1.5, character: 0 }, "definition: 'position.line' must be a whole number from 0, but it is 1.5"],
  ] as const) {
    const answer = await server.request(method, { textDocument: { uri }, position });
    assert.deepEqual(answer.error, { code: -32602, message }, `${method} at ${JSON.stringify(position)}: ${JSON.stringify(answer)}`);
  }
  // Past the end of a line or of the file is a position the protocol allows: answered, not refused.
  for (const position of [{ line: 4, character: 500 }, { line: 5000, character: 0 }]) {
    const answer = await server.request('textDocument/hover', { textDocument: { uri }, position });
    assert.equal(answer.error, undefined, JSON.stringify(answer));
  }
});

test('a codeAction whose diagnostics are not diagnostics is refused as InvalidParams, and logs no error', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } };
  for (const [diagnostics, message] of [
    [[null], "codeAction: 'context.diagnostics[0].range.start.line' must be a whole number from 0, but it is missing"],
    [[{ range, message: 'x', source: 'mlpipe', code: 'repro/unseeded-split' }, { range: null, message: 'x', source: 'mlpipe', code: 'repro/unseeded-split' }], "codeAction: 'context.diagnostics[1].range.start.line' must be a whole number from 0, but it is missing"],
    [[{ range, source: 'mlpipe', code: 'repro/unseeded-split' }], "codeAction: 'context.diagnostics[0].message' must be a string, but it is missing"],
  ] as const) {
    const answer = await server.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    assert.deepEqual(answer.error, { code: -32602, message }, JSON.stringify(answer));
  }
  // 'only' is optional, but a list when given: a string failed inside the handler, logged as an error with its stack.
  const only = await server.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: 'quickfix' } });
  assert.deepEqual(only.error, { code: -32602, message: "codeAction: 'context.only' must be an array, but it is a string" }, JSON.stringify(only));
  for (const context of [{ diagnostics: [], only: null }, { diagnostics: [] }, { diagnostics: [], only: ['quickfix'] }])
    assert.ok(Array.isArray((await server.request('textDocument/codeAction', { textDocument: { uri }, range, context })).result), JSON.stringify(context));
  assert.deepEqual(server.problems(), []);
});

test("an 'initialize' the server cannot read is refused as InvalidParams in plain words, and a correct one may follow", async (t) => {
  const server = rawStdioServer();
  t.after(() => server.close());
  const refused: Array<[unknown, string]> = [
    [null, 'initialize: params must be an object, but they are null'],
    [undefined, 'initialize: params must be an object, but they are missing'],
    [{ processId: null, rootUri: null }, "initialize: 'capabilities' must be an object (the client capabilities, {} for none), but it is missing"],
    [{ ...initialize, capabilities: null }, "initialize: 'capabilities' must be an object (the client capabilities, {} for none), but it is null"],
    [{ ...initialize, rootUri: 5 }, "initialize: 'rootUri' must be a string or null, but it is a number"],
    [{ ...initialize, workspaceFolders: 'x' }, "initialize: 'workspaceFolders' must be an array or null, but it is a string"],
    [{ ...initialize, workspaceFolders: [{ uri: uriOf(FIXTURES) }] }, "initialize: 'workspaceFolders[0].name' must be a string, but it is missing"],
    [{ ...initialize, clientInfo: { version: '1' } }, "initialize: 'clientInfo.name' must be a string, but it is missing"],
  ];
  for (const [params, message] of refused) {
    const answer = await server.request('initialize', params);
    assert.deepEqual(answer.error, { code: -32602, message }, JSON.stringify(params));
  }
  // Nothing was set up by the refusals: the server is still waiting for its 'initialize'.
  assert.equal((await server.request('workspace/symbol', { query: '' })).error?.code, -32002);
  const answer = await server.request('initialize', { ...initialize, workspaceFolders: null, clientInfo: { name: 'raw' }, trace: 'off' });
  assert.ok(answer.result, `initialize was refused: ${JSON.stringify(answer.error)}`);
  server.notify('initialized', {});
  assert.ok(Array.isArray((await server.request('workspace/symbol', { query: '' })).result));
});

test("a second 'initialize' is refused as InvalidRequest, and one after 'shutdown' does not reopen the server", async (t) => {
  const server = await started(t);
  const again = await server.request('initialize', initialize);
  assert.deepEqual(again.error, { code: -32600, message: "initialize: the server is initialized already ('initialize' is sent once)" });
  assert.equal((await server.request('shutdown')).result, null);
  const late = await server.request('initialize', initialize);
  assert.deepEqual(late.error, { code: -32600, message: 'initialize: the server is shut down' });
  const request = await server.request('workspace/symbol', { query: '' });
  assert.equal(request.error?.code, -32600, `answered after shutdown: ${JSON.stringify(request)}`);
  server.notify('exit');
  assert.equal(await server.exited, 0);
});

test("a client whose process id names no process here keeps its server, and a refused second 'initialize' arms no watchdog on its id", async (t) => {
  // Above Linux's largest pid_max (2^22) and macOS's (99,999): no process has it, as the pid of
  // a client in a container, a Flatpak sandbox or on another machine (ssh) is none here.
  const unseen = 2 ** 22 + 1;
  const remote = await started(t, { ...initialize, processId: unseen });
  await remote.next((m) => m.method === 'window/logMessage' && String(m.params.message).includes(`process id ${unseen} names no process here`));
  const twice = await started(t);
  assert.equal((await twice.request('initialize', { ...initialize, processId: unseen })).error?.code, -32600);
  // The protocol library checks a client's process every 3 s and ended both servers then, with 1:
  // the first as soon as it started, the second after refusing the 'initialize' that named it.
  const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 4000).unref());
  assert.equal(await Promise.race([remote.exited, waited]), 'waited', 'the server of a client whose process id is none here ended');
  assert.equal(await Promise.race([twice.exited, waited]), 'waited', "a refused second 'initialize' ended the server");
  assert.equal(await remote.close(), 0);
  assert.equal(await twice.close(), 0);
});

test("a '--clientProcessId' on the command line that names no process here is not watched, as initialize's is not; one that does is", async (t) => {
  const unseen = 2 ** 22 + 1;
  const logged = (server: ReturnType<typeof rawStdioServer>) => server.messages.some((m) => m.method === 'window/logMessage' && String(m.params.message).includes(`process id ${unseen} names no process here`));
  const servers = [rawStdioServer({ args: ['--clientProcessId', String(unseen)] }), rawStdioServer({ args: [`--clientProcessId=${unseen}`] })];
  for (const server of servers) {
    t.after(() => server.close());
    assert.ok((await server.request('initialize', initialize)).result);
    server.notify('initialized', {});
    await server.next((m) => m.method === 'window/logMessage' && /language server .* started/.test(String(m.params.message)));
  }
  // The protocol library read it from the command line and ended the server 3 s after it started, with 1.
  const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 4000).unref());
  for (const server of servers) {
    assert.equal(await Promise.race([server.exited, waited]), 'waited', 'the server of a client whose --clientProcessId is none here ended');
    assert.ok(logged(server), 'no log line names the process id');
    assert.equal(await server.close(), 0);
  }
  // A process here is still watched: the server ends when it does.
  const client = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  t.after(() => client.kill());
  const watched = rawStdioServer({ args: ['--clientProcessId', String(client.pid)] });
  t.after(() => watched.close());
  assert.ok((await watched.request('initialize', initialize)).result);
  client.stdin!.end();
  assert.equal(await watched.exited, 1, 'the server outlived the process its --clientProcessId names');
});

test('a client without hierarchicalDocumentSymbolSupport gets the outline as SymbolInformation[], each naming its container', async (t) => {
  const server = await started(t);
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  const { result } = await server.request('textDocument/documentSymbol', { textDocument: { uri } });
  const symbols = result as Array<{ name: string; location?: { uri: string }; containerName?: string; children?: unknown }>;
  assert.ok(symbols.every((s) => s.location?.uri === uri && s.children === undefined), `not SymbolInformation: ${JSON.stringify(symbols[0])}`);
  const source = symbols.find((s) => s.name === 'source');
  assert.equal(source?.containerName, 'data customers');
  assert.ok(symbols.some((s) => s.name === 'order_z' && s.containerName === undefined));
  assert.ok(symbols.some((s) => s.name === 'drift order_z' && s.containerName === 'monitor'));
});

test('a client without codeActionLiteralSupport or prepareSupport is offered plain providers, and quick fixes as Commands the server applies', async (t) => {
  const server = rawStdioServer();
  t.after(() => server.close());
  const answer = await server.request('initialize', { ...initialize, capabilities: { workspace: { applyEdit: true } } });
  const caps = (answer.result as { capabilities: Record<string, unknown> }).capabilities;
  // CodeActionOptions and RenameOptions may be given only to a client that declares the support.
  assert.equal(caps.codeActionProvider, true);
  assert.equal(caps.renameProvider, true);
  assert.deepEqual(caps.executeCommandProvider, { commands: ['mlpipe.applyFix'] });
  server.notify('initialized', {});
  const uri = uriOf(join(FIXTURES, 'no-split.mlpipe'));
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: readFileSync(join(FIXTURES, 'no-split.mlpipe'), 'utf8') } });
  const published = await server.next((m) => isPublish(uri, 1)(m) && codesOf(m).includes('repro/unseeded-split'));
  const diagnostic = published.params.diagnostics.find((d: { code: string }) => d.code === 'repro/unseeded-split');
  const actions = (await server.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })).result as Array<Record<string, unknown>>;
  assert.ok(actions.length > 0, 'no quick fix offered');
  for (const action of actions) assert.deepEqual(Object.keys(action).sort(), ['arguments', 'command', 'title'], `not a Command: ${JSON.stringify(action)}`);
  const fix = actions[0] as { command: string; arguments: unknown[] };
  const ran = await server.request('workspace/executeCommand', { command: fix.command, arguments: fix.arguments });
  assert.deepEqual(ran, { jsonrpc: '2.0', id: ran.id, result: null });
  const applied = await server.next((m) => m.method === 'workspace/applyEdit');
  assert.deepEqual(applied.params.edit, fix.arguments[0]);
  assert.equal((await server.request('workspace/executeCommand', { command: 'other' })).error?.code, -32602);
});

test('a quick fix offered as a Command is refused once the document has changed since, and no edit is sent', async (t) => {
  const server = await started(t, { ...initialize, capabilities: { workspace: { applyEdit: true } } });
  const uri = uriOf(join(FIXTURES, 'no-split.mlpipe'));
  const text = readFileSync(join(FIXTURES, 'no-split.mlpipe'), 'utf8');
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });
  const published = await server.next((m) => isPublish(uri, 1)(m) && codesOf(m).includes('repro/unseeded-split'));
  const diagnostic = published.params.diagnostics.find((d: { code: string }) => d.code === 'repro/unseeded-split');
  const actions = (await server.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })).result as Array<{ command: string; title: string; arguments: unknown[] }>;
  const fix = actions[0]!;
  // Lines are added above: the fix's plain 'changes' edit now points two lines too high.
  server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }] });
  const republished = await server.next((m) => isPublish(uri, 2)(m) && codesOf(m).includes('repro/unseeded-split'));
  const ran = await server.request('workspace/executeCommand', { command: fix.command, arguments: fix.arguments });
  assert.equal(ran.error?.code, -32803, JSON.stringify(ran));
  assert.match(ran.error!.message, /no-split\.mlpipe changed \(version 1, now 2\) since it was offered; ask for the fixes again/);
  assert.deepEqual(server.messages.filter((m) => m.method === 'workspace/applyEdit'), [], 'a stale edit was sent to the client');
  // Asked again, the fix is for the current text and is applied.
  const moved = republished.params.diagnostics.find((d: { code: string }) => d.code === 'repro/unseeded-split');
  assert.equal(moved.range.start.line, diagnostic.range.start.line + 2);
  const again = (await server.request('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } })).result as Array<{ command: string; title: string; arguments: unknown[] }>;
  const fresh = again.find((a) => a.title === fix.title) ?? again[0]!;
  assert.deepEqual((await server.request('workspace/executeCommand', { command: fresh.command, arguments: fresh.arguments })).result, null);
  assert.equal((await server.next((m) => m.method === 'workspace/applyEdit')).params.edit.changes !== undefined, true);
});

test('a client that declares documentChanges gets rename and quick-fix edits under the document version they were computed for', async (t) => {
  const capabilities = { workspace: { workspaceEdit: { documentChanges: true } }, textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } };
  const server = await started(t, { ...initialize, capabilities });
  const uri = uriOf(join(FIXTURES, 'no-split.mlpipe'));
  const text = readFileSync(join(FIXTURES, 'no-split.mlpipe'), 'utf8');
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });
  server.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: `# edited\n${text}` }] });
  const published = await server.next((m) => isPublish(uri, 7)(m) && codesOf(m).includes('repro/unseeded-split'));
  const diagnostic = published.params.diagnostics.find((d: { code: string }) => d.code === 'repro/unseeded-split');
  const actions = (await server.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })).result as Array<{ edit: Record<string, unknown> }>;
  assert.ok(actions.length > 0, 'no quick fix offered');
  // Versioned, a client that holds a newer text refuses the edit; plain 'changes' it applied at
  // positions that had moved.
  for (const action of actions) {
    assert.deepEqual(Object.keys(action.edit), ['documentChanges'], JSON.stringify(action.edit));
    assert.deepEqual((action.edit.documentChanges as Array<{ textDocument: unknown }>).map((c) => c.textDocument), [{ uri, version: 7 }]);
  }
  const feature = text.split('\n').findIndex((l) => l.startsWith('feature '));
  const renamed = (await server.request('textDocument/rename', { textDocument: { uri }, position: { line: feature + 1, character: 9 }, newName: 'renamed' })).result as { documentChanges: Array<{ textDocument: unknown; edits: unknown[] }> };
  assert.deepEqual(renamed.documentChanges.map((c) => c.textDocument), [{ uri, version: 7 }]);
  assert.ok(renamed.documentChanges[0].edits.length > 0);
});

test('a client that can apply no edit is offered no code actions; one that declares the support gets the providers’ options', async (t) => {
  const bare = await started(t);
  const caps = (init: WireMessage) => (init.result as { capabilities: Record<string, unknown> }).capabilities;
  const plain = caps(bare.messages.find((m) => m.id !== undefined && m.method === undefined)!);
  assert.equal(plain.codeActionProvider, undefined);
  assert.equal(plain.executeCommandProvider, undefined);
  const full = rawStdioServer();
  t.after(() => full.close());
  const answer = await full.request('initialize', {
    ...initialize,
    capabilities: { textDocument: { rename: { prepareSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
  });
  assert.deepEqual(caps(answer).renameProvider, { prepareProvider: true });
  assert.deepEqual(caps(answer).codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.mlpipe'] });
  assert.equal(caps(answer).executeCommandProvider, undefined);
});

test('a client that names no symbol or completion kinds gets only the first version’s (File…Array, Text…Reference); one that names them gets the newer', async (t) => {
  const uri = uriOf(CLEAN);
  const at = cleanText.indexOf('kind          = mlp') + 'kind          = '.length;
  const position = { line: cleanText.slice(0, at).split('\n').length - 1, character: 'kind          = '.length + 2 };
  const kindsOf = async (server: Awaited<ReturnType<typeof started>>) => {
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
    const outline = (await server.request('textDocument/documentSymbol', { textDocument: { uri } })).result as Array<{ name: string; kind: number }>;
    const symbols = (await server.request('workspace/symbol', { query: 'customers' })).result as Array<{ name: string; kind: number }>;
    const items = ((await server.request('textDocument/completion', { textDocument: { uri }, position })).result as { items: Array<{ label: string; kind: number }> }).items;
    assert.ok(items.some((i) => i.label === 'logistic'), `not the kind values: ${JSON.stringify(items.map((i) => i.label))}`);
    return { outline, symbols, items };
  };
  const bare = await kindsOf(await started(t));
  for (const [what, list, last] of [['documentSymbol', bare.outline, 18], ['workspace/symbol', bare.symbols, 18], ['completion', bare.items, 18]] as const)
    assert.deepEqual(list.filter((s) => s.kind > last).map((s) => `${'name' in s ? s.name : s.label} ${s.kind}`), [], `${what}: kinds the client does not know`);
  assert.equal(bare.outline.find((s) => s.name === 'data customers')?.kind, 5, 'a table is a Class to such a client');
  const valueSet = Array.from({ length: 26 }, (_, i) => i + 1);
  const named = await kindsOf(
    await started(t, {
      ...initialize,
      capabilities: {
        workspace: { symbol: { symbolKind: { valueSet } } },
        textDocument: { documentSymbol: { symbolKind: { valueSet } }, completion: { completionItemKind: { valueSet: valueSet.slice(0, 25) } } },
      },
    }),
  );
  assert.equal(named.outline.find((s) => s.name === 'data customers')?.kind, 23);
  assert.equal(named.symbols.find((s) => s.name === 'customers')?.kind, 23);
  assert.equal(named.items.find((i) => i.label === 'logistic')?.kind, 20);
});

test('mlpipe/partialDiagnostics goes only to a client that asks for it (experimental.mlpipe): others are sent no method they do not know', async (t) => {
  const uri = uriOf(CLEAN);
  const firstCheck = async (server: Awaited<ReturnType<typeof started>>) => {
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
    await server.next((m) => m.method === 'window/logMessage' && /checked clean\.mlpipe/.test(m.params.message));
    return server.messages.filter((m) => m.method !== undefined).map((m) => m.method!);
  };
  const plain = await firstCheck(await started(t));
  assert.deepEqual([...new Set(plain)].sort(), ['textDocument/publishDiagnostics', 'window/logMessage']);
  const asking = await firstCheck(await started(t, { ...initialize, capabilities: { experimental: { mlpipe: { partialDiagnostics: true } } } }));
  assert.deepEqual(asking.filter((m) => m !== 'window/logMessage'), ['mlpipe/partialDiagnostics', 'textDocument/publishDiagnostics', 'textDocument/publishDiagnostics']);
});

test('a client that names plain text before markdown gets plain text, as its order says it prefers', async (t) => {
  const server = await started(t, {
    ...initialize,
    capabilities: { textDocument: { hover: { contentFormat: ['plaintext', 'markdown'] }, completion: { completionItem: { documentationFormat: ['plaintext', 'markdown'] } } } },
  });
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  const lines = cleanText.split('\n');
  const line = lines.findIndex((l) => l.startsWith('split {'));
  const hover = (await server.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } })).result as { contents: { kind: string } };
  assert.equal(hover.contents.kind, 'plaintext');
  const items = ((await server.request('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: 0 } })).result as { items: Array<{ documentation?: unknown }> }).items;
  assert.ok(items.length > 0 && items.every((i) => i.documentation === undefined || typeof i.documentation === 'string'), JSON.stringify(items[0]));
});

test("an 'initialized' before 'initialize' is dropped and a second one ignored: the server sets up once", async (t) => {
  const server = rawStdioServer();
  t.after(() => server.close());
  server.notify('initialized', {});
  const capabilities = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };
  assert.ok((await server.request('initialize', { ...initialize, capabilities })).result);
  server.notify('initialized', {});
  server.notify('initialized', {});
  await server.next((m) => m.method === 'client/registerCapability');
  await server.request('workspace/symbol', { query: '' });
  const logs = server.messages.filter((m) => m.method === 'window/logMessage').map((m) => m.params.message as string);
  assert.equal(logs.filter((l) => /language server .* started/.test(l)).length, 1, logs.join('\n'));
  assert.equal(server.messages.filter((m) => m.method === 'client/registerCapability').length, 1);
  assert.deepEqual(server.problems(), ["mlpipe: ignored 'initialized': sent already"]);
});

test('a client that declares workspace/configuration but never answers it still gets file watchers registered and diagnostics published', async (t) => {
  const server = await started(t, { ...initialize, capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } }, ['workspace/configuration']);
  await server.next((m) => m.method === 'workspace/configuration');
  const registered = server.next((m) => m.method === 'client/registerCapability');
  const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000).unref());
  assert.notEqual(await Promise.race([registered, waited]), 'waited', 'the watchers were not registered: setting up waited on the unanswered configuration request');
  const uri = uriOf(CLEAN);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text: cleanText } });
  assert.deepEqual(codesOf(await server.next(isPublish(uri, 1))), []);
  assert.equal(await server.close(), 0);
});

test('a client that declares workspace/configuration but never answers it has its pushed settings read', async (t) => {
  const server = await started(t, { ...initialize, capabilities: { workspace: { configuration: true } } }, ['workspace/configuration']);
  server.notify('workspace/didChangeConfiguration', { settings: { mlpipe: { diagnostics: { maxPerFile: 3 } } } });
  const changed = server.next((m) => m.method === 'window/logMessage' && /settings changed: .*maxPerFile 3\b/.test(m.params.message));
  const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000).unref());
  assert.notEqual(await Promise.race([changed, waited]), 'waited', `the pushed settings were not read: ${JSON.stringify(server.messages.filter((m) => m.method === 'window/logMessage').map((m) => m.params.message))}`);
  assert.equal(await server.close(), 0);
});

test('signature help past the last argument marks no parameter active: null for a client that declares noActiveParameterSupport, else an index past the last', async (t) => {
  const uri = uriOf(CLEAN);
  const help = async (server: Awaited<ReturnType<typeof started>>, call: string) => {
    const text = `${cleanText}feature sig = ${call}`;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });
    const lines = text.split('\n');
    const answer = await server.request('textDocument/signatureHelp', { textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length } });
    server.notify('textDocument/didClose', { textDocument: { uri } });
    return answer.result as { signatures: Array<{ parameters: unknown[] }>; activeParameter?: number | null };
  };
  const bare = await started(t);
  // Left out, the protocol reads it as 0: the client highlighted the first argument.
  for (const call of ['log1p(customers.tenure_days, ', 'fill_missing(customers.tenure_days, nope = ']) {
    const result = await help(bare, call);
    assert.equal(result.activeParameter, result.signatures[0].parameters.length, `${call}: ${JSON.stringify(result)}`);
  }
  assert.equal((await help(bare, 'fill_missing(customers.tenure_days, ')).activeParameter, 1);
  const declaring = await started(t, { ...initialize, capabilities: { textDocument: { signatureHelp: { signatureInformation: { noActiveParameterSupport: true } } } } });
  const result = await help(declaring, 'log1p(customers.tenure_days, ');
  assert.ok('activeParameter' in result && result.activeParameter === null, JSON.stringify(result));
  assert.equal((await help(declaring, 'fill_missing(customers.tenure_days, ')).activeParameter, 1);
});

test('completion items carry commitCharacters only for a client that declares commitCharactersSupport', async (t) => {
  const uri = uriOf(CLEAN);
  const text = `${cleanText}feature q = `;
  const lines = text.split('\n');
  const tableItem = async (server: Awaited<ReturnType<typeof started>>) => {
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });
    // Names come from the newest finished analysis: after the first publish there is one.
    await server.next(isPublish(uri, 1));
    const { result } = await server.request('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length } });
    const item = (result as { items: Array<{ label: string; commitCharacters?: string[] }> }).items.find((i) => i.label === 'customers');
    assert.ok(item, `no table item: ${JSON.stringify(result).slice(0, 300)}`);
    return item;
  };
  assert.equal((await tableItem(await started(t))).commitCharacters, undefined, 'a client without commitCharactersSupport was sent commit characters');
  const declaring = await started(t, { ...initialize, capabilities: { textDocument: { completion: { completionItem: { commitCharactersSupport: true } } } } });
  assert.deepEqual((await tableItem(declaring)).commitCharacters, ['.']);
});

test('a client that names its workspace only by the deprecated rootPath has it scanned, as one that sends rootUri', async (t) => {
  const server = await started(t, { processId: null, rootUri: null, rootPath: FIXTURES, capabilities: {} });
  const { result } = await server.request('workspace/symbol', { query: 'churn' });
  assert.ok((result as Array<{ location: { uri: string } }>).some((s) => s.location.uri === uriOf(CLEAN)), `no symbols from the workspace: ${JSON.stringify(result)}`);
});
