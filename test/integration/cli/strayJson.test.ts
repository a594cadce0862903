/**
 * An error outside a command's own promise (a callback that throws, a promise nobody awaits) is
 * caught at the top and reported as any failure is: with `--json`, the error object on stdout.
 * It printed one line on stderr only, so a caller parsing stdout read an empty document.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorOutput } from '../../../server/protocol/cli.js';
import { TINY_BLOCKS, tinyProject } from '../data/tinyProject.js';
import { CLI } from './harness.js';

for (const [what, fault] of [
  ['a throwing callback', `setImmediate(() => { throw new TypeError('stray fault'); })`],
  ['a rejected promise nobody awaits', `setImmediate(() => { Promise.reject(new TypeError('stray fault')); })`],
] as const) {
  test(`--json: ${what} during a command prints the error object on stdout, exit 70`, { timeout: 60_000 }, () => {
    const dir = tinyProject('mlpipe-stray-');
    try {
      writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
      writeFileSync(join(dir, 'p.mlpipe'), `pipeline stray\n\n${TINY_BLOCKS}`);
      // Preloaded: the fault comes once the run listens for Ctrl-C, so while the run is under way.
      const hook = join(dir, 'fault.cjs');
      writeFileSync(hook, `process.on('newListener', (e) => { if (e === 'SIGINT') ${fault}; });\n`);
      const r = spawnSync(process.execPath, ['--require', hook, CLI, 'run', 'p.mlpipe', '--json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', MLPIPE_HOME: '' }, encoding: 'utf8' });
      assert.equal(r.status, 70, r.stderr);
      const out = ErrorOutput.parse(JSON.parse(r.stdout));
      assert.equal(out.error.exitCode, 70);
      assert.match(out.error.message, /^mlpipe: internal error \(a bug; .*TypeError: stray fault/);
      assert.equal(r.stderr, `${out.error.message}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
