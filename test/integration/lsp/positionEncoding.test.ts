import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  Hover,
  InitializeResult,
  Location,
  Position,
  SelectionRange,
  SemanticTokens,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { positionOf, stdioClient, type TestClient } from './client.js';

// Non-ASCII before every position checked: 2-byte 'ä' and 'é', 3-byte CJK, 4-byte emoji (a UTF-16 surrogate pair).
const PIPELINE = `pipeline emoji

data rows { source = "dätä/😀中.csv", target = nope }

feature fx = fill_missing(rows.x, 0)
feature nt = one_hot(fill_missing(rows.note, "é😀")) # 中文 😀
feature zh = 1 # 中 é
feature ab = fill_missing(rows.note, "😀") + fx + fx

model m {
  kind   = logistic
  inputs = [fx, nt]
}
# 終わり 😀`;

type Encoding = 'utf-8' | 'utf-16' | 'utf-32';

/** A UTF-16 position counted in `encoding`, from the text itself (not the server's code). */
function encoded(text: string, p: Position, encoding: Encoding): Position {
  const prefix = text.split(/\r\n|\r|\n/)[p.line]!.slice(0, p.character);
  const character = encoding === 'utf-8' ? Buffer.byteLength(prefix) : encoding === 'utf-32' ? [...prefix].length : prefix.length;
  return { line: p.line, character };
}

function setUp(dir: string): void {
  mkdirSync(join(dir, 'dätä'));
  writeFileSync(join(dir, 'dätä/😀中.csv'), 'x,note,y\n' + Array.from({ length: 30 }, (_, i) => `${i % 7},${i % 3 ? 'a' : 'b'},${i % 2}\n`).join(''));
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
}

/**
 * Every position the server reads or writes is in the encoding it announced, chosen from the
 * client's `general.positionEncodings` (the first it offers that the server knows; UTF-16 when it
 * offers none). Checked over a real stdio connection on lines whose non-ASCII text puts the three
 * encodings' columns apart, with the expected columns counted from the text.
 */
describe('position encodings', () => {
  // `offset`: clangd's `capabilities.offsetEncoding` (Neovim configs send it to every server), read
  // when `general.positionEncodings` is absent and answered as the result's `offsetEncoding`.
  const cases: Array<{ offered: unknown; offset?: unknown; encoding: Encoding }> = [
    { offered: ['utf-8', 'utf-32'], encoding: 'utf-8' },
    { offered: ['utf-32', 'utf-16'], encoding: 'utf-32' },
    { offered: ['utf-16', 'utf-8'], encoding: 'utf-16' },
    { offered: undefined, encoding: 'utf-16' },
    { offered: ['latin-1', 'utf-8'], encoding: 'utf-8' },
    { offered: undefined, offset: ['utf-8', 'utf-16'], encoding: 'utf-8' },
    { offered: undefined, offset: ['utf-32'], encoding: 'utf-32' },
    { offered: ['utf-16'], offset: ['utf-8', 'utf-16'], encoding: 'utf-16' },
  ];
  for (const { offered, offset, encoding } of cases) {
    test(`offered ${JSON.stringify(offered)}${offset === undefined ? '' : `, offsetEncoding ${JSON.stringify(offset)}`}: every position is in ${encoding}`, { timeout: 90_000 }, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-enc-'));
      setUp(dir);
      const { client } = stdioClient();
      t.after(async () => {
        await client.dispose();
        rmSync(dir, { recursive: true, force: true });
      });
      const capabilities = {
        ...(offered === undefined ? {} : { general: { positionEncodings: offered as string[] } }),
        ...(offset === undefined ? {} : { offsetEncoding: offset }),
        textDocument: {
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          completion: { completionItem: { snippetSupport: true } },
        },
      };
      const init = (await client.initialize({ rootPath: dir, capabilities })) as InitializeResult;
      assert.equal(init.capabilities.positionEncoding, encoding);
      // A client that asked in clangd's words reads clangd's answer; one that did not gets none.
      assert.equal((init as { offsetEncoding?: string }).offsetEncoding, offset === undefined ? undefined : encoding);
      await client.logged(new RegExp(`formats: .*positions ${encoding}`));
      await checkEveryFeature(client, dir, encoding);
    });
  }
});

async function checkEveryFeature(client: TestClient, dir: string, encoding: Encoding): Promise<void> {
  const at = (needle: string, delta = 0, nth = 0) => encoded(PIPELINE, positionOf(PIPELINE, needle, delta, nth), encoding);
  const span = (needle: string, nth = 0) => ({ start: at(needle, 0, nth), end: at(needle, needle.length, nth) });
  const { uri, diagnostics } = await client.open(join(dir, 'p.mlpipe'));
  const textDocument = { uri };

  // Diagnostics.
  const unknown = diagnostics.find((d) => d.code === 'unknown-reference' && d.range.start.line === 2);
  assert.deepEqual(unknown?.range, span('nope'), JSON.stringify(diagnostics));

  // Hover, read at a position and answered with a range.
  const hover = await client.request<Hover>('textDocument/hover', { textDocument, position: at('nope', 2) });
  assert.deepEqual(hover.range, span('nope'));

  // Definition, references, highlights of the 'fx' after the emoji on its line.
  const useOfFx = at('fx', 1, 2);
  const definition = await client.request<Location | Location[]>('textDocument/definition', { textDocument, position: useOfFx });
  assert.deepEqual((Array.isArray(definition) ? definition[0] : definition)!.range, span('fx'));
  const refs = await client.request<Location[]>('textDocument/references', { textDocument, position: useOfFx, context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r) => r.range).sort(byStart), [span('fx'), span('fx', 1), span('fx', 2), span('fx', 3)].sort(byStart));
  const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument, position: useOfFx });
  assert.deepEqual(highlights.map((h) => h.range).sort(byStart), [span('fx'), span('fx', 1), span('fx', 2), span('fx', 3)].sort(byStart));

  // Rename, prepared and done.
  const prepared = await client.request<{ start: Position } | { range: { start: Position } }>('textDocument/prepareRename', { textDocument, position: useOfFx });
  assert.deepEqual('range' in prepared ? prepared.range : prepared, span('fx', 2));
  const rename = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument, position: useOfFx, newName: 'fy' });
  assert.deepEqual(rename.changes![uri]!.map((e) => e.range).sort(byStart), [span('fx'), span('fx', 1), span('fx', 2), span('fx', 3)].sort(byStart));

  // Completion inside the path string, after 'dätä/': the edit replaces the file name.
  const completion = await client.request<CompletionList>('textDocument/completion', { textDocument, position: at('😀中.csv') });
  const file = completion.items.find((i) => i.label === '😀中.csv');
  assert.ok(file?.textEdit && 'range' in file.textEdit, JSON.stringify(completion.items));
  assert.deepEqual(file.textEdit.range, span('😀中.csv'));

  // Document links: the path between the quotes.
  const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument });
  assert.deepEqual(links.map((l) => l.range), [span('dätä/😀中.csv')]);

  // Document symbols: the data block's attributes, after the path.
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument });
  const all = (ss: DocumentSymbol[]): DocumentSymbol[] => ss.flatMap((s) => [s, ...all(s.children ?? [])]);
  const target = all(symbols).find((s) => s.name === 'target');
  assert.equal(target?.selectionRange.start.character, at('target').character, JSON.stringify(target));

  // Workspace symbols (a definition's name starts its line, after ASCII only, so no encoding moves it: the same in each).
  const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'nt' });
  assert.deepEqual(ws.find((s) => s.name === 'nt' && s.location.uri === uri)?.location.range, { start: at('feature nt', 8), end: at('feature nt', 10) });

  // Selection ranges: the innermost is the word.
  const selections = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument, positions: [at('nope', 1)] });
  assert.deepEqual(selections[0]!.range, span('nope'));

  // Semantic tokens: the string's start and length, and 'target' after it, in the encoding.
  const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument });
  const decoded = decode(tokens.data);
  const str = decoded.find((k) => k.line === 2 && k.character === at('"dätä').character);
  assert.ok(str, JSON.stringify(decoded.filter((k) => k.line === 2)));
  const quoted = span('"dätä/😀中.csv"');
  assert.equal(str.length, quoted.end.character - quoted.start.character);
  assert.ok(decoded.some((k) => k.line === 2 && k.character === at('target').character));
  const comment = span('# 中文 😀');
  assert.ok(decoded.some((k) => k.line === 5 && k.character === comment.start.character && k.length === comment.end.character - comment.start.character));

  // A quick fix for the diagnostic, sent back in the encoding: its edit is in it too.
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument, range: unknown!.range, context: { diagnostics: [unknown] } });
  const didYouMean = actions.find((a) => a.title === "Change to 'note'");
  assert.deepEqual(didYouMean?.edit?.changes?.[uri]?.map((e) => e.range), [span('nope')], JSON.stringify(actions));

  // Formatting: the file has no final newline; the edit adding one ends at the last line's end.
  const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } });
  const last = edits[edits.length - 1]!;
  assert.deepEqual(last.range.end, at('😀', 2, 4), JSON.stringify(edits));

  // An incremental change in the encoding: 'nope' replaced by 'y'; the unknown reference goes, nothing else breaks.
  const published = client.nextDiagnostics(uri, (ds) => !ds.some((d) => d.code === 'unknown-reference' && d.range.start.line === 2));
  await client.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: span('nope'), text: 'y' }] });
  const after = (await published).diagnostics;
  // Only the text replaced changed: the other error is where it was, its end after the emoji.
  const mismatch = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1).map((d) => ({ code: d.code, range: d.range }));
  assert.deepEqual(mismatch(after), [{ code: 'type-mismatch', range: { start: at('fill_missing(rows.note, "😀")'), end: at('fill_missing(rows.note, "😀")', 'fill_missing(rows.note, "😀")'.length) } }]);
  assert.deepEqual(mismatch(after), mismatch(diagnostics).filter((d) => d.code !== 'unknown-reference'));
  const changed = PIPELINE.replace('nope', 'y');
  const hoverY = await client.request<Hover>('textDocument/hover', { textDocument, position: encoded(changed, positionOf(changed, 'y }'), encoding) });
  assert.deepEqual(hoverY.range, { start: encoded(changed, positionOf(changed, 'y }'), encoding), end: encoded(changed, positionOf(changed, 'y }', 1), encoding) });
}

const byStart = (a: { start: Position }, b: { start: Position }) => a.start.line - b.start.line || a.start.character - b.start.character;

function decode(data: number[]): Array<{ line: number; character: number; length: number }> {
  const out = [];
  let line = 0;
  let character = 0;
  for (let k = 0; k < data.length; k += 5) {
    if (data[k] !== 0) character = 0;
    line += data[k]!;
    character += data[k + 1]!;
    out.push({ line, character, length: data[k + 2]! });
  }
  return out;
}
