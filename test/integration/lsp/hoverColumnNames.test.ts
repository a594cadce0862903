/**
 * Hover text holding what the user wrote or the data says stays the markdown it means: the data
 * hover's column table writes a header that is no name literally (escaped as the sample rows'
 * header is), so '|' or a backtick in it cannot split a row or end a code span; a feature's
 * definition with backticks in a string keeps its code block.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { inProcessClient, type TestClient } from './client.js';

const PIPELINE = 'pipeline p\n\ndata d {\n  source = "d.csv"\n  target = label\n}\n\nfeature f = fill_missing(id, "```")\n';

describe('data hover with headers that are no names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-headers-'));
  const file = join(dir, 'p.mlpipe');
  let client: TestClient;
  let uri: string;
  before(async () => {
    writeFileSync(join(dir, 'd.csv'), 'id,label,plan|type,price `usd`\n1,0,a,3\n2,1,b,4\n');
    writeFileSync(file, PIPELINE);
    client = inProcessClient();
    await client.initialize({ rootPath: dir, capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } } });
    ({ uri } = await client.open(file));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every column-table row at four cells', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
    const md = (h!.contents as { value: string }).value;
    const rows = md.split('\n');
    const start = rows.indexOf('| column | type | missing | values |');
    const table = rows.slice(start, rows.indexOf('', start));
    assert.equal(table.length, 6, md);
    // Cells are split at '|' not preceded by a backslash, as GitHub-flavoured markdown does.
    for (const row of table) assert.equal(row.split(/(?<!\\)\|/).length - 2, 4, row);
    assert.ok(table.includes('| plan\\|type | string | 0% | 2 distinct |'), md);
    assert.ok(table.includes('| price \\`usd\\` | integer | 0% | min 3, mean 3.5, max 4 |'), md);
    assert.ok(table.includes('| `id` | integer | 0% | min 1, mean 1.5, max 2 |'), md);
  });

  it("keeps a feature's definition in one code block when a string in it holds backticks", async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 9 } });
    const md = (h!.contents as { value: string }).value;
    assert.ok(md.startsWith('````mlpipe\nfeature f = fill_missing(id, "```")\n````\n- Reads'), md);
  });
});
