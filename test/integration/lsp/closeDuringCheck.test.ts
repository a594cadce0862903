import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { inProcessClient, uriOf } from './client.js';
import { demoPipeline } from './demoPipeline.js';

const SMALL = demoPipeline();
/** Thousands of lines, so its check is still running when the client closes it; one error only it has. */
const LARGE = SMALL + Array.from({ length: 3000 }, (_, i) => `feature g${i} = fill_missing(rows.x, ${i})`).join('\n') + '\nfeature bad = no_such_transform(rows.x)\n';

/**
 * A large pipeline opened and closed at once, then opened again under the same URI and version
 * with other text (an editor reloading a file changed on disk): the check of the closed text
 * must publish nothing; the reopened text's diagnostics are the only ones after the close.
 */
test('a document closed during its check, and opened again with other text, gets no diagnostics of the closed text', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-close-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/rows.csv'), 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join(''));
  const client = inProcessClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir });
  const uri = uriOf(join(dir, 'p.mlpipe'));
  const open = (text: string) => client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlpipe', version: 1, text } });

  await open(LARGE);
  await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await client.nextDiagnostics(uri, (d) => d.length === 0);
  const afterClose: Diagnostic[][] = [];
  const reopened = client.nextDiagnostics(uri, (d) => {
    afterClose.push(d);
    return !d.some((x) => x.code === 'unknown-transform') && d.length > 0;
  });
  await open(SMALL);
  await reopened;
  assert.deepEqual(afterClose.filter((d) => d.some((x) => x.code === 'unknown-transform')).length, 0, 'the closed text was published after its close');
});
