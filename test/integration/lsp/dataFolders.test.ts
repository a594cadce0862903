import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inProcessClient } from './client.js';
import { demoPipeline } from './demoPipeline.js';

const PIPELINE = demoPipeline('data/raw/rows.csv');
const CSV = 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2}\n`).join('');
const missing = (d: Array<{ code?: unknown }>) => d.some((x) => x.code === 'repro/missing-source');

/**
 * No client watcher here (Helix, Zed, Emacs without file-watch support): the server's own watch
 * must see a data folder that is made, deleted and made again while the pipeline is open.
 */
test('a data folder made after the pipeline opened, deleted and made again: diagnostics follow it', { timeout: 8_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-folders-'));
  const client = inProcessClient();
  // The server's watches do not hold the process open (they are not persistent): the test does, while it waits for them.
  const alive = setInterval(() => {}, 1000);
  t.after(async () => {
    clearInterval(alive);
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  const { uri, diagnostics } = await client.open(join(dir, 'p.mlpipe'));
  assert.ok(missing(diagnostics), 'the source does not exist yet');
  // Logged in the same turn as the server starts watching the pipeline's dependencies.
  await client.logged(/checked p\.mlpipe/);

  const found = client.nextDiagnostics(uri, (d) => !missing(d));
  mkdirSync(join(dir, 'data/raw'), { recursive: true });
  writeFileSync(join(dir, 'data/raw/rows.csv'), CSV);
  await found;

  const gone = client.nextDiagnostics(uri, missing);
  rmSync(join(dir, 'data'), { recursive: true });
  await gone;

  const back = client.nextDiagnostics(uri, (d) => !missing(d));
  mkdirSync(join(dir, 'data/raw'), { recursive: true });
  writeFileSync(join(dir, 'data/raw/rows.csv'), CSV);
  await back;
});

/**
 * A missing source's suggestion names a file of its folder: a close file written there while the
 * pipeline is open (not the missing one itself) must bring the "Did you mean" without an edit.
 */
test('a data file of a close name written after the pipeline opened: the suggestion follows', { timeout: 8_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-folders-'));
  const client = inProcessClient();
  const alive = setInterval(() => {}, 1000);
  t.after(async () => {
    clearInterval(alive);
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await client.initialize({ rootPath: dir, initializationOptions: { 'mlpipe.diagnostics.debounceMs': 0 } });
  mkdirSync(join(dir, 'data/raw'), { recursive: true });
  writeFileSync(join(dir, 'p.mlpipe'), demoPipeline('data/raw/rowz.csv'));
  const suggests = (d: Array<{ code?: unknown; message: string }>) => d.some((x) => x.code === 'repro/missing-source' && x.message.endsWith("Did you mean 'data/raw/rows.csv'?"));
  const { uri, diagnostics } = await client.open(join(dir, 'p.mlpipe'));
  assert.ok(missing(diagnostics) && !suggests(diagnostics), 'nothing close yet');
  await client.logged(/checked p\.mlpipe/);

  const found = client.nextDiagnostics(uri, suggests);
  writeFileSync(join(dir, 'data/raw/rows.csv'), CSV);
  await found;
});
