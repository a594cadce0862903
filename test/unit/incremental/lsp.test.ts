import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../../../server/backend/check/checkDocument.js';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { toLspDiagnostic } from '../../../server/lsp/diagnostics.js';
import { copyFixtures, inProcessClient, uriOf, type TestClient } from '../../integration/lsp/client.js';
import { replaying } from '../testing/replaySeed.js';
import { envInteger } from '../../support/envInteger.js';

const SNIPPETS = ['{', '}', '(', ')', '[', ']', '"', '#', ',', '\n', '\r\n', 'x', '7', ' ', 'feature q = log1p(tenure)\n', 'model extra {\n  kind = mlp\n', 'fill_missing('];

/**
 * The language server re-parses each edit incrementally from the previous version's tree: over
 * a real LSP connection, range edits as editors send them must publish exactly the diagnostics
 * a fresh check of the whole text gives.
 */
describe('incremental re-check in the language server', () => {
  let client: TestClient;
  const tmp = copyFixtures();
  before(async () => {
    client = inProcessClient({ fsWatch: false });
    await client.initialize({ rootPath: tmp.dir, initializationOptions: { diagnostics: { debounceMs: 0 } } });
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  it('publishes, after every one of many random range edits, what a full check of the text publishes', async () => {
    const path = join(tmp.dir, 'clean.mlpipe');
    let text = readFileSync(path, 'utf8');
    const { uri } = await client.open(path, text);
    assert.equal(uri, uriOf(path));
    const seed = envInteger('MLPIPE_LSP_EDITS_SEED', 10);
    return replaying('MLPIPE_LSP_EDITS_SEED', seed, async () => {
      const rng = new Mulberry32(seed);
      const inspector = new DataInspector();
      for (let version = 2; version < 60; version++) {
        const doc = TextDocument.create(uri, 'mlpipe', version - 1, text);
        const start = Math.floor(rng.float() * (text.length + 1));
        const end = Math.min(text.length, start + (rng.float() < 0.5 ? 0 : Math.floor(rng.float() * 12)));
        const insert = rng.float() < 0.3 ? '' : SNIPPETS[Math.floor(rng.float() * SNIPPETS.length)];
        const published = new Promise<PublishDiagnosticsParams>((resolve) => {
          const off = client.rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
            if (p.uri === uri && p.version === version) {
              off.dispose();
              resolve(p);
            }
          });
        });
        await client.rpc.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: insert }],
        });
        // The text as the protocol's positions edit it: an offset between a CRLF's '\r' and '\n'
        // has no position of its own (positionAt/offsetAt give the one before the '\r'), so a
        // plain splice there (soak seeds 17 and 22) edited another text than the server's.
        text = TextDocument.applyEdits(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText: insert }]);
        const got = (await published).diagnostics;
        const expected = (await checkDocument(path, text, inspector)).diagnostics.map(toLspDiagnostic);
        assert.deepStrictEqual(got, expected, `version ${version}: ${JSON.stringify(text)}`);
      }
    });
  });
});
