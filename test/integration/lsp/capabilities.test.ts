import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Hover, MarkupContent, SignatureHelp } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codes, FIXTURES, positionOf, stdioClient, type TestClient } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');

/**
 * A client that takes neither snippets nor markdown (as plain editors and some Neovim setups
 * declare), against the real server process over stdio: everything it gets must be text it can
 * insert or show verbatim.
 */
describe('a client without snippets or markdown (stdio server)', () => {
  let client: TestClient;
  let uri: string;
  const text = readFileSync(CLEAN, 'utf8');

  before(async () => {
    ({ client } = stdioClient());
    await client.initialize({
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['plaintext'] },
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
          signatureHelp: { signatureInformation: { documentationFormat: ['plaintext'] } },
        },
      },
    });
    ({ uri } = await client.open(CLEAN));
  });
  after(() => client.dispose());

  const completeAt = async (edited: string) => {
    const at = edited.indexOf('|');
    const plain = edited.slice(0, at) + edited.slice(at + 1);
    await client.change(uri, plain);
    const position = TextDocument.create(uri, 'mlpipe', 0, plain).positionAt(at);
    return { plain, at, list: await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }) };
  };

  it('gets plain-text completions; a block completion inserted as is checks without a syntax error', async () => {
    const { plain, at, list } = await completeAt(text + '\n|\n');
    for (const item of list.items) {
      assert.notEqual(item.insertTextFormat, 2, item.label);
      assert.doesNotMatch(item.insertText ?? '', /\$\{?\d/, item.label);
      assert.equal(typeof (item.documentation ?? ''), 'string', item.label);
    }
    const register = list.items.find((i) => i.label === 'register')!;
    assert.equal(register.insertText, 'register name {\n  from = model\n}');
    // Every block completion, inserted verbatim, is text the parser reads.
    for (const label of ['register', 'model', 'data']) {
      const item = list.items.find((i) => i.label === label)!;
      const inserted = plain.slice(0, at) + item.insertText + plain.slice(at);
      const diagnostics = await client.change(uri, inserted);
      assert.ok(!codes(diagnostics).includes('syntax'), `${label}: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
    }
    const transforms = await completeAt(text.replace('feature tickets       = log1p(', 'feature tickets       = lo|('));
    assert.equal(transforms.list.items.find((i) => i.label === 'window_mean')!.insertText, 'window_mean(table.col, 90d, as_of = primary.time)');
  });

  it('gets a block completion typed in an indented line with its later lines indented as that line (it inserts plain text as is)', async () => {
    const { plain, at, list } = await completeAt(text.replace('  port  = 8080\n', '  port  = 8080\n  |\n'));
    const defaults = list.items.find((i) => i.label === 'defaults');
    // Before, 'defaults {\n}': its '}' landed at the start of the line, under 'serve'.
    assert.equal(defaults?.insertText, 'defaults {\n  }');
    const inserted = plain.slice(0, at) + defaults.insertText + plain.slice(at);
    assert.match(inserted, /\n  port  = 8080\n  defaults \{\n  \}\n\}\n/);
    // A CRLF document gets CRLF, as its quick fixes and formatting do (before, a bare '\n').
    const crlf = await completeAt(text.replace(/\n/g, '\r\n').replace('  port  = 8080\r\n', '  port  = 8080\r\n  |\r\n'));
    assert.equal(crlf.list.items.find((i) => i.label === 'defaults')?.insertText, 'defaults {\r\n  }');
    const top = await completeAt(text.replace(/\n/g, '\r\n') + '\r\n|\r\n');
    assert.equal(top.list.items.find((i) => i.label === 'register')?.insertText, 'register name {\r\n  from = model\r\n}');
  });

  it('gets hovers in plain text: no markdown marks, no blank lines', async () => {
    await client.change(uri, text);
    for (const [needle, delta] of [
      ['data customers', 6],
      ['feature order_z', 9],
      ['standardize(', 1],
      ['customers.tenure_days', 12],
    ] as const) {
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta) });
      const content = h.contents as MarkupContent;
      assert.equal(content.kind, 'plaintext', needle);
      assert.doesNotMatch(content.value, /`|\*\*|^\||\n\n/m, `${needle}: ${content.value}`);
    }
    const data = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'data customers', 6) });
    assert.match((data.contents as MarkupContent).value, /^data customers: primary table \(target 'churned'\)\nSource: 'data\/customers\.csv'\nFormat: csv\n/);
  });

  it('gets signature help documented in plain text', async () => {
    const edited = text.replace('one_hot(customers.plan)', 'one_hot(customers.plan, ');
    await client.change(uri, edited);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', {
      textDocument: { uri },
      position: positionOf(edited, 'one_hot(customers.plan, ', 'one_hot(customers.plan, '.length),
    });
    assert.equal(help.signatures[0].label, 'one_hot(x, vocabulary = [...], fit = train)');
    assert.equal(typeof help.signatures[0].documentation, 'string');
    assert.doesNotMatch(String(help.signatures[0].documentation), /`/);
    // It does not declare labelOffsetSupport: parameters are labelled by their text.
    assert.deepEqual(help.signatures[0].parameters!.map((p) => p.label), ['x', 'vocabulary = [...]', 'fit = train']);
  });
});

describe('a client without snippets that indents inserted lines itself (insertTextMode adjustIndentation)', () => {
  let client: TestClient;
  before(async () => {
    ({ client } = stdioClient());
    await client.initialize({ capabilities: { textDocument: { completion: { insertTextMode: 2, completionItem: { snippetSupport: false } } } } });
  });
  after(() => client.dispose());

  it('gets the block completion without the indentation, which it adds', async () => {
    const edited = readFileSync(CLEAN, 'utf8').replace('  port  = 8080\n', '  port  = 8080\n  \n');
    const { uri } = await client.open(CLEAN, edited);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionOf(edited, '  port  = 8080\n  ', '  port  = 8080\n  '.length), context: { triggerKind: 1 } });
    assert.equal(list.items.find((i) => i.label === 'defaults')?.insertText, 'defaults {\n}');
  });
});
