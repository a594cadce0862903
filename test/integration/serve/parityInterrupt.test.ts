/**
 * Ctrl-C or SIGTERM of `mlpipe parity`: the replay of a long prediction log is seconds of
 * synchronous scoring, which no signal handler got a turn in, so the command was killed without
 * a word (SIGTERM: exit 143). The replay now stops between pages, and the command says so in one
 * line, exit 130, as `mlpipe run` and `score` do.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replayParity } from '../../../server/backend/monitor/parity.js';
import { LogReader } from '../../../server/backend/serve/log.js';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { CLI, logPredictions, requestRows, trainedChurn, type Project } from './project.js';

let project: Project;
let hooks = '';
before(async () => {
  project = await trainedChurn();
  const rows = requestRows(join(project.dir, 'data/customers.csv'));
  // More than one page of the replay (5,000 rows), in requests under the server's 10,000 rows.
  await logPredictions(project.file, rows);
  await logPredictions(project.file, rows);
  // Preloaded into the CLI: the signal is sent by the process itself as soon as the command
  // listens for it, so the test needs no timing of its own.
  hooks = mkdtempSync(join(tmpdir(), 'mlpipe-parity-hook-'));
});
after(() => {
  project?.dispose();
  if (hooks) rmSync(hooks, { recursive: true, force: true });
});

function parityInterrupted(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const hook = join(hooks, `${signal}.cjs`);
  writeFileSync(hook, `process.on('newListener', (e) => { if (e === ${JSON.stringify(signal)}) setImmediate(() => process.kill(process.pid, ${JSON.stringify(signal)})); });\n`);
  const child = spawn(process.execPath, ['--require', hook, CLI, 'parity', project.file], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('an interrupted parity replay', { timeout: 240_000 }, () => {
  it('stops between pages of the log, as an AbortError', async () => {
    const served = await loadServedModel(project.file);
    const reader = new LogReader(served.root);
    try {
      const controller = new AbortController();
      let pages = 0;
      // The interrupt arrives while the first page is read.
      const reading = new Proxy(reader, {
        get: (target, key) =>
          key === 'page'
            ? (opts: Parameters<LogReader['page']>[0]) => {
                pages++;
                controller.abort();
                return target.page(opts);
              }
            : Reflect.get(target, key),
      });
      await assert.rejects(replayParity(served, reading, { signal: controller.signal }), (e: Error) => e.name === 'AbortError' && /replaying the prediction log/.test(e.message));
      assert.equal(pages, 1, 'the replay went on past the interrupt');
      // Without an interrupt, the same log replays whole.
      const whole = await replayParity(served, reader);
      assert.ok(whole.rows > 5000 && whole.ok, JSON.stringify(whole.mismatches));
    } finally {
      reader.close();
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`mlpipe parity on ${signal}: one line, exit 130, no report`, async () => {
      const r = await parityInterrupted(signal);
      assert.equal(r.code, 130, r.stderr);
      assert.equal(r.stderr, 'mlpipe parity: interrupted: nothing was compared\n');
      assert.equal(r.stdout, '');
    });
  }
});
