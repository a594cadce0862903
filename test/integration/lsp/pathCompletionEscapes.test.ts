/**
 * Path completion inside a `source` string writes a file name as the string must hold it: a
 * name with `"` or `\` is escaped, so the completed line parses and names that file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inProcessClient, type TestClient } from './client.js';
import { analyze } from '../../../server/mlpipe/index.js';

const PIPELINE = 'pipeline p\n\ndata d {\n  source = "data/"\n  target = label\n}\n';

describe('path completion escapes what a string cannot hold as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-paths-'));
  const file = join(dir, 'p.mlpipe');
  let client: TestClient;
  let uri: string;
  const NAMES = ['a"b.csv', 'back\\slash.csv', '顧客.csv'];
  before(async () => {
    mkdirSync(join(dir, 'data'));
    for (const n of NAMES) writeFileSync(join(dir, 'data', n), 'id,label\n1,0\n');
    writeFileSync(file, PIPELINE);
    client = inProcessClient();
    await client.initialize({ rootPath: dir });
    ({ uri } = await client.open(file));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each completed source parses and its value is the file name', async () => {
    const at = PIPELINE.indexOf('data/"') + 'data/'.length;
    const doc = TextDocument.create(uri, 'mlpipe', 0, PIPELINE);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: doc.positionAt(at),
      context: { triggerKind: 2, triggerCharacter: '/' },
    });
    assert.deepEqual(list.items.map((i) => i.label).sort(), [...NAMES].sort());
    for (const item of list.items) {
      const completed = TextDocument.applyEdits(doc, [item.textEdit as TextEdit]);
      const { file: parsed, binding } = analyze(completed);
      assert.deepEqual(parsed.syntaxErrors, [], completed);
      assert.equal(binding.tables.get('d')?.source, `data/${item.label}`);
    }
  });
});
