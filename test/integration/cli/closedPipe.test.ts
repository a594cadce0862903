/**
 * `mlpipe check FILE | head -1`: the reader closes the pipe after one line, and each later write
 * fails with EPIPE. That reached the CLI's last-resort handler as "internal error (a bug)",
 * exit 70; the command now finishes and exits with its own code.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-pipe-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with `stream` closed after its first chunk, as `| head -1` does. */
function closedAfterFirstChunk(args: string[], stream: 'stdout' | 'stderr'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', MLPIPE_HOME: join(dir, 'home') } });
    let stderr = '';
    if (stream === 'stdout') child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child[stream].once('data', () => child[stream].destroy());
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that closes the pipe early', { timeout: 120_000 }, () => {
  // Enough lines that the output outlasts the pipe's buffer: each is a syntax error.
  const file = join(dir, 'junk.mlpipe');
  writeFileSync(file, 'not a pipeline\n' + 'id,at,x,y\n'.repeat(5000));

  it("leaves 'check' its exit code (1: errors), not an internal error", async () => {
    const r = await closedAfterFirstChunk(['check', file], 'stdout');
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  it("does so for 'check --format json' and for a closed stderr ('run')", async () => {
    assert.equal((await closedAfterFirstChunk(['check', file, '--format', 'json'], 'stdout')).code, 1);
    assert.equal((await closedAfterFirstChunk(['run', file], 'stderr')).code, 1);
  });
});

