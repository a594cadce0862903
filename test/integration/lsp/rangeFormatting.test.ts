import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InitializeResult, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { format } from '../../../server/mlpipe/format/format.js';
import { FIXTURES, stdioClient, type TestClient } from './client.js';

const OPTIONS = { tabSize: 2, insertSpaces: true };
const MESSY = 'pipeline p\nfeature a=1\nfeature bb = 2   # c\n\nmodel m { kind = mlp, seed=1 }\nfeature zz=3\n';

/**
 * Range, ranges and on-type formatting against the real server process over stdio, as any LSP
 * client sends them: the capabilities it advertises, and edits that touch only the statements
 * asked for (range) or the indentation (on type).
 */
describe('range and on-type formatting (stdio server)', () => {
  let client: TestClient;
  let caps: InitializeResult['capabilities'];
  const path = join(FIXTURES, 'rangeFormatting.mlpipe');
  let uri: string;
  const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create(uri, 'mlpipe', 0, text), edits);

  before(async () => {
    ({ client } = stdioClient());
    caps = ((await client.initialize({ capabilities: { textDocument: { rangeFormatting: { rangesSupport: true } } } })) as InitializeResult).capabilities;
    ({ uri } = await client.open(path, MESSY));
  });
  after(() => client.dispose());

  it('advertises range formatting (several ranges, as the client takes them) and on-type formatting after a new line and a `}`', () => {
    assert.deepEqual(caps.documentRangeFormattingProvider, { rangesSupport: true });
    assert.deepEqual(caps.documentOnTypeFormattingProvider, { firstTriggerCharacter: '\n', moreTriggerCharacter: ['}'] });
  });

  it('formats only the block the range is in, as whole-document formatting writes it', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 4, character: 3 }, end: { line: 4, character: 5 } }, options: OPTIONS });
    assert.equal(apply(MESSY, edits), 'pipeline p\nfeature a=1\nfeature bb = 2   # c\n\nmodel m {\n  kind = mlp\n  seed = 1\n}\nfeature zz=3\n');
    assert.ok(format(MESSY).includes('model m {\n  kind = mlp\n  seed = 1\n}\n'));
  });

  it('a selection of whole lines leaves out the line its end is at the start of; a feature in a run takes the run’s alignment', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, options: OPTIONS });
    assert.equal(apply(MESSY, edits), 'pipeline p\n\nfeature a  = 1\nfeature bb = 2   # c\n\nmodel m { kind = mlp, seed=1 }\nfeature zz=3\n');
  });

  it('formats several ranges in one request, one edit for each', async () => {
    const line = (n: number) => ({ start: { line: n, character: 0 }, end: { line: n, character: 1 } });
    const edits = await client.request<TextEdit[]>('textDocument/rangesFormatting', { textDocument: { uri }, ranges: [line(1), line(5)], options: OPTIONS });
    assert.equal(edits.length, 2);
    assert.equal(apply(MESSY, edits), 'pipeline p\n\nfeature a  = 1\nfeature bb = 2   # c\n\nmodel m { kind = mlp, seed=1 }\n\nfeature zz = 3\n');
  });

  it('re-indents the new line to its block, and a block when its `}` is typed', async () => {
    const typed = 'pipeline p\n\nmodel m {\nkind = mlp\n    inputs = [a,\n   b]\n\n\t}\n';
    await client.change(uri, typed);
    const closed = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri }, position: { line: 7, character: 2 }, ch: '}', options: OPTIONS });
    assert.equal(apply(typed, closed), 'pipeline p\n\nmodel m {\n  kind = mlp\n  inputs = [a,\n   b]\n\n}\n');
    const entered = 'pipeline p\n\nmodel m {\n  kind = mlp\n\n}\n';
    await client.change(uri, entered);
    const newline = await client.request<TextEdit[]>('textDocument/onTypeFormatting', { textDocument: { uri }, position: { line: 4, character: 0 }, ch: '\n', options: OPTIONS });
    assert.equal(apply(entered, newline), 'pipeline p\n\nmodel m {\n  kind = mlp\n  \n}\n');
  });

  it('refuses a range request without a range, and leaves a file with syntax errors alone', async () => {
    await assert.rejects(client.request('textDocument/rangeFormatting', { textDocument: { uri }, options: OPTIONS }), /rangeFormatting: 'range.start.line' must be a whole number/);
    await client.change(uri, 'pipeline p\nfeature a=(1\n');
    assert.deepEqual(await client.request('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, options: OPTIONS }), []);
  });
});

describe('range formatting for a client that does not send several ranges', () => {
  it('advertises plain range formatting', async () => {
    const { client } = stdioClient();
    try {
      const init = (await client.initialize({ capabilities: {} })) as InitializeResult;
      assert.equal(init.capabilities.documentRangeFormattingProvider, true);
    } finally {
      await client.dispose();
    }
  });
});
