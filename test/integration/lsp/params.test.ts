import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc';
import { FIXTURES, inProcessClient, type TestClient } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');
const text = readFileSync(CLEAN, 'utf8');

/**
 * Params of the wrong shape are refused with InvalidParams (-32602), before any handler reads
 * them: never an answer built from missing fields (a rename without `newName` gave edits with no
 * `newText`), and no TypeError logged to the client.
 */
describe('requests with params of the wrong shape', () => {
  let client: TestClient;
  let uri: string;
  before(async () => {
    client = inProcessClient();
    await client.initialize();
    ({ uri } = await client.open(CLEAN));
  });
  after(() => client.dispose());

  async function refusal(method: string, params: unknown): Promise<{ code: number; message: string }> {
    try {
      const answer = await client.request(method, params);
      return assert.fail(`${method} answered ${JSON.stringify(answer)?.slice(0, 200)} instead of refusing`);
    } catch (e) {
      if (!(e instanceof ResponseError)) throw e;
      return { code: e.code, message: e.message };
    }
  }

  it('answers InvalidParams naming the field, and logs no error', async () => {
    const position = { line: 4, character: 3 };
    const cases: Array<[string, unknown, RegExp]> = [
      ['textDocument/rename', { textDocument: { uri }, position }, /rename: 'newName' must be a string, but it is missing/],
      ['textDocument/rename', { textDocument: { uri }, position, newName: null }, /'newName' must be a string, but it is null/],
      ['textDocument/hover', { textDocument: { uri } }, /hover: 'position\.line' must be a whole number from 0, but it is missing/],
      ['textDocument/references', { textDocument: { uri }, position }, /'context\.includeDeclaration' must be a boolean/],
      ['textDocument/documentSymbol', {}, /'textDocument\.uri' must be a string, but it is missing/],
      ['textDocument/selectionRange', { textDocument: { uri }, positions: [position, { line: -1, character: 0 }] }, /selectionRange: 'positions\[1\]\.line' must be a whole number from 0, but it is -1/],
      ['textDocument/documentLink', { textDocument: null }, /documentLink: 'textDocument\.uri' must be a string, but it is missing/],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position } }, /'context\.diagnostics' must be an array/],
      ['workspace/symbol', { query: 7 }, /'query' must be a string, but it is a number/],
      ['textDocument/rangeFormatting', { textDocument: { uri }, range: { start: position } }, /rangeFormatting: 'range\.end\.line' must be a whole number from 0, but it is missing/],
      ['textDocument/rangesFormatting', { textDocument: { uri }, ranges: [{ start: position, end: { line: 1.5, character: 0 } }] }, /rangesFormatting: 'ranges\[0\]\.end\.line' must be a whole number from 0, but it is 1\.5/],
      ['textDocument/onTypeFormatting', { textDocument: { uri }, position }, /onTypeFormatting: 'ch' must be a string, but it is missing/],
    ];
    for (const [method, params, message] of cases) {
      const { code, message: got } = await refusal(method, params);
      assert.equal(code, -32602, `${method}: ${got}`);
      assert.match(got, message);
    }
    assert.deepEqual(client.logs.filter((l) => l.type === 1), [], 'errors were logged to the client');
    // Well-formed requests are still answered.
    assert.ok(Array.isArray(await client.request('workspace/symbol', { query: '' })));
    const at = text.split('\n').findIndex((l) => l.startsWith('feature '));
    const edit = await client.request<{ changes: Record<string, Array<{ newText: string }>> }>('textDocument/rename', { textDocument: { uri }, position: { line: at, character: 9 }, newName: 'x_renamed' });
    assert.ok(edit.changes[uri].length > 0 && edit.changes[uri].every((e) => e.newText === 'x_renamed'));
  });
});
