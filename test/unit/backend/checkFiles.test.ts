// The one "check these pipeline files" function both the CLI and the editor's backend present.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';

const pipelines = resolve(__dirname, '../../fixtures/pipelines');

test('checkFiles reports each readable file with its diagnostics, in the order given', async () => {
  const [problems, clean] = await checkFiles([join(pipelines, 'problems.mlpipe'), join(pipelines, 'clean.mlpipe')]);
  assert.equal(problems.file, join(pipelines, 'problems.mlpipe'));
  assert.ok(problems.diagnostics && problems.diagnostics.length > 0, 'the problems fixture has findings');
  assert.equal(clean.unreadable, undefined);
  assert.deepEqual(clean.diagnostics?.filter((d) => d.severity === 'error'), []);
});

test('checkFiles names why a file could not be read and goes on with the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-checkfiles-'));
  try {
    const r = await checkFiles([join(dir, 'missing.mlpipe'), dir, join(pipelines, 'clean.mlpipe')]);
    assert.deepEqual(
      r.map((c) => c.unreadable),
      ['no such file', 'is a folder', undefined],
    );
    assert.ok(r[2].diagnostics);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pipeline path that is a symbolic link in a loop is said so, not as an errno', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-checkfiles-'));
  try {
    symlinkSync('b.mlpipe', join(dir, 'a.mlpipe'));
    symlinkSync('a.mlpipe', join(dir, 'b.mlpipe'));
    const [r] = await checkFiles([join(dir, 'a.mlpipe')]);
    assert.equal(r.unreadable, 'a symbolic link in a loop');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
