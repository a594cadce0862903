import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Hover, InitializeResult, WorkspaceEdit } from 'vscode-languageserver';
import { positionOf, stdioClient } from './client.js';

const PIPELINE = `pipeline emoji

data rows { source = "dätä/😀中.csv", target = nope }

feature fx = fill_missing(rows.x, 0)
feature nt = one_hot(fill_missing(rows.note, "é😀")) # 中文 😀

model m {
  kind   = logistic
  inputs = [fx, nt]
}
`;

/**
 * A client that offers UTF-8 and UTF-32 (LSP 3.17 'general.positionEncodings', as Neovim 0.10,
 * Helix and Zed do) is told the encoding of every position: UTF-16, the protocol's default,
 * which every client must take; and the positions on lines with non-ASCII text are in it.
 */
test("a client offering utf-8 and utf-32 is answered 'positionEncoding: utf-16', and positions after non-ASCII text are UTF-16", { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-enc-'));
  mkdirSync(join(dir, 'dätä'));
  writeFileSync(join(dir, 'dätä/😀中.csv'), 'x,note,y\n' + Array.from({ length: 30 }, (_, i) => `${i % 7},${i % 3 ? 'a' : 'b'},${i % 2}\n`).join(''));
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  const { client } = stdioClient();
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const init = (await client.initialize({ rootPath: dir, capabilities: { general: { positionEncodings: ['utf-8', 'utf-32'] } } })) as InitializeResult;
  assert.equal(init.capabilities.positionEncoding, 'utf-16');

  const { uri, diagnostics } = await client.open(join(dir, 'p.mlpipe'));
  const nope = positionOf(PIPELINE, 'nope');
  assert.equal(nope.character, 46, 'UTF-16: the emoji is two code units');
  const unknown = diagnostics.find((d) => d.code === 'unknown-reference')!;
  assert.deepEqual(unknown.range, { start: nope, end: { line: nope.line, character: nope.character + 4 } });
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: nope });
  assert.deepEqual(hover.range, unknown.range);
  const rename = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf(PIPELINE, 'fx', 0, 1), newName: 'fy' });
  assert.deepEqual(
    rename.changes![uri].map((e) => e.range.start),
    [positionOf(PIPELINE, 'fx'), positionOf(PIPELINE, 'fx', 0, 1)],
  );
});
