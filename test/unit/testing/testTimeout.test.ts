/**
 * The preload that gives every test a time limit (scripts/test-timeout.mjs), as a file run
 * directly meets it (`node --import ./scripts/test-timeout.mjs --test FILE`, docs/development.md).
 * `MLPIPE_TEST_TIMEOUT_MS=` (empty) gave every test 0 ms there: a test that awaited a timer
 * failed with 'test timed out after 0ms'. Empty means the default, as in scripts/test.mjs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { root } from '../../../scripts/test-files.mjs';

describe('MLPIPE_TEST_TIMEOUT_MS as the preload reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-timeout-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // A test that takes a few milliseconds of wall time: the time it takes is what is under test.
  const file = join(dir, 'waits.test.mjs');
  writeFileSync(file, "import { test } from 'node:test';\ntest('takes 20 ms', async () => { await new Promise((r) => setTimeout(r, 20)); });\n");

  const runWith = (value: string, args = ['--import', './scripts/test-timeout.mjs', '--test-reporter=tap', file]): Promise<{ code: number | null; out: string }> =>
    new Promise((done) => {
      const child = spawn(process.execPath, args, {
        cwd: root,
        // Without the runner's NODE_TEST_CONTEXT, which makes a child's `--test` skip its files.
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), MLPIPE_TEST_TIMEOUT_MS: value },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.on('close', (code) => done({ code, out }));
    });

  it('is the default when empty, not 0 ms', async () => {
    const r = await runWith('');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^# pass 1$/m);
  });

  it('stops before any test when it is no whole number of milliseconds, naming the variable', async () => {
    for (const bad of ['abc', '0', '1.5']) {
      const r = await runWith(bad);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, new RegExp(`MLPIPE_TEST_TIMEOUT_MS must be a whole number of at least 1, or empty for 180000, not '${bad.replace('.', '\\.')}'`));
    }
  });

  it('stops scripts/test.mjs alike (one reading, env-integer.mjs), before it spawns the runner', async () => {
    const r = await runWith('abc', ['scripts/test.mjs', 'unit']);
    assert.equal(r.code, 2, r.out);
    assert.equal(r.out.trim(), "MLPIPE_TEST_TIMEOUT_MS must be a whole number of at least 1, or empty for 180000, not 'abc'");
  });
});
