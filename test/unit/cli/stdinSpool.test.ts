/**
 * The spool of `mlpipe score --input -` is deleted with the Ctrl-C handlers still installed, and
 * they stay one turn of the event loop past the delete: the handlers were removed first, so a
 * Ctrl-C during the delete took the default action (killed mid-delete, the folder left behind),
 * and one queued while the delete ran was dropped with them: the score went on, wrote its output
 * and exited 0 after the user had interrupted it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { root } from '../../../scripts/test-files.mjs';

const temp = mkdtempSync(join(tmpdir(), 'mlpipe-spool-test-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('a Ctrl-C that arrives while the spool is let go removes it and exits 130, saying nothing was written', async () => {
  // The signal is raised at this process itself just before `release`: it waits, as one arriving
  // during the synchronous delete does, until the delete returns.
  const script = [
    // The repository's TypeScript loads as CommonJS: its exports are the default import's.
    `import spooling from ${JSON.stringify(join(root, 'server/cli/stdinSpool.ts'))};`,
    `const spool = await spooling.spoolStdin('out.csv');`,
    `process.kill(process.pid, 'SIGINT');`,
    `await spool.release();`,
    `process.stdout.write('went on after the Ctrl-C\\n');`,
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, TMPDIR: temp } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end('a,b\n1,2\n');
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  assert.equal(code, 130, out);
  assert.equal(out, 'mlpipe score: interrupted: nothing was written to out.csv\n');
  // tsx keeps its cache in the same temporary folder.
  assert.deepEqual(readdirSync(temp).filter((n) => n.startsWith('mlpipe-score-stdin-')), [], 'the spool is removed');
});
