/**
 * Path completion in the middle of a path: the name being completed runs on past the cursor, and
 * picking an entry replaces all of it (a client that declares insertReplaceSupport also gets the
 * insert range, for its user to choose). Before, the rest of the name stayed after the insertion.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, InsertReplaceEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXTURES, stdioClient, type TestClient } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');
const text = readFileSync(CLEAN, 'utf8');
const SOURCE = '"data/customers.csv"';

for (const insertReplaceSupport of [false, true]) {
  describe(`path completion inside a written path (client ${insertReplaceSupport ? 'with' : 'without'} insertReplaceSupport, stdio server)`, () => {
    let client: TestClient;
    let uri: string;
    before(async () => {
      ({ client } = stdioClient());
      await client.initialize({ capabilities: { textDocument: { completion: { completionItem: { insertReplaceSupport } } } } });
      ({ uri } = await client.open(CLEAN));
    });
    after(() => client.dispose());

    /** The source line after picking `label` with the cursor `delta` characters into `"data/customers.csv"`, replacing. */
    const picked = async (delta: number, label: string) => {
      const doc = TextDocument.create(uri, 'mlpipe', 0, text);
      const at = text.indexOf(SOURCE) + delta;
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(at), context: { triggerKind: 1 } });
      const item = list.items.find((i: CompletionItem) => i.label === label);
      assert.ok(item, `no '${label}' in ${JSON.stringify(list.items.map((i) => i.label))}`);
      const edit = item.textEdit as TextEdit & Partial<InsertReplaceEdit>;
      if (insertReplaceSupport) {
        assert.ok(edit.insert && edit.replace, JSON.stringify(edit));
        // The insert range ends at the cursor, and is where the replace range starts.
        assert.deepEqual(edit.insert.end, doc.positionAt(at));
        assert.deepEqual(edit.insert.start, edit.replace.start);
      }
      const line = doc.positionAt(at).line;
      return TextDocument.applyEdits(doc, [{ range: edit.replace ?? edit.range, newText: edit.newText }]).split('\n')[line];
    };

    it('a file picked in the middle of a file name replaces the whole name', async () => {
      assert.equal(await picked('"data/cu'.length, 'orders.csv'), '  source  = "data/orders.csv"');
      assert.equal(await picked('"data/'.length, 'customers.csv'), '  source  = "data/customers.csv"');
    });

    it('a folder picked before its own name and slash keeps one slash', async () => {
      assert.equal(await picked('"'.length, 'data/'), '  source  = "data/customers.csv"');
      assert.equal(await picked('"da'.length, 'data/'), '  source  = "data/customers.csv"');
    });

    it('at the end of the name, nothing after the cursor is replaced', async () => {
      assert.equal(await picked(SOURCE.length - 1, 'customers.csv'), '  source  = "data/customers.csv"');
    });
  });
}
