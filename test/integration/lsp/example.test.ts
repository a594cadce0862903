import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver';
import { inProcessClient, ROOT } from './client.js';

/** The quickstart example, copied out of the repository, as a new user opens it in an editor. */
describe('the churn example outside the repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-example-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with no diagnostics, names no path outside its folder, and is formatted', async () => {
    cpSync(join(ROOT, 'examples/churn'), dir, { recursive: true });
    const file = join(dir, 'churn.mlpipe');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/"([^"]*)"/g)) assert.ok(!m[1].startsWith('..') && !m[1].startsWith('/'), `a path outside the folder: ${m[1]}`);
    const client = inProcessClient();
    try {
      await client.initialize({ rootPath: dir });
      const { uri, diagnostics } = await client.open(file);
      assert.deepEqual(diagnostics.map((d) => `${String(d.code)}: ${d.message}`), []);
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(edits, []);
    } finally {
      await client.dispose();
    }
  });
});
