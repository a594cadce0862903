/**
 * Ctrl-C or SIGTERM of `mlpipe score` while it writes its output: the command exits 130 with one
 * line and leaves no half-written file. Killed by the signal, it left `.out.csv.tmp-PID` (part of
 * the scores) beside the output, said nothing, and SIGTERM's exit code was 143.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from './harness.js';
import { trainedChurn, type Project } from '../serve/project.js';

let project: Project;
let input = '';

before(async () => {
  project = await trainedChurn();
  input = join(project.dir, 'big.csv');
  // Enough rows that the output (the key and four kept columns beside each score) takes many
  // chunks to write, so a signal sent when its temporary file appears lands during the write.
  const plans = ['basic', 'standard', 'premium'];
  const lines = ['customer_id,snapshot_at,tenure_days,plan,monthly_charges,support_tickets'];
  for (let i = 0; i < 600_000; i++) lines.push(`C${i},2025-0${1 + (i % 9)}-01,${i % 900},${plans[i % 3]},${20 + (i % 80)}.5,${i % 5}`);
  writeFileSync(input, lines.join('\n') + '\n');
});
after(() => project?.dispose());

/** Starts a score and sends `signal` once its temporary output file appears. */
async function interruptTheWrite(signal: NodeJS.Signals, out: string): Promise<{ code: number | null; stderr: string; sent: boolean }> {
  const dir = project.dir;
  let sent = false;
  const child = spawn(process.execPath, [CLI, 'score', project.file, '--input', input, '--output', out, '--keep', 'snapshot_at,tenure_days,plan,monthly_charges'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const watcher = watch(dir, (_event, name) => {
    if (!sent && typeof name === 'string' && name.startsWith('.out.csv.tmp-')) {
      sent = true;
      child.kill(signal);
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  watcher.close();
  return { code, stderr, sent };
}

describe('an interrupt while mlpipe score writes its output', { timeout: 240_000 }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: exit 130, one line, no temporary or partial file left`, async () => {
      const out = join(project.dir, 'out.csv');
      const r = await interruptTheWrite(signal, out);
      assert.ok(r.sent, `the temporary file never appeared: ${r.stderr}`);
      assert.deepEqual(
        readdirSync(project.dir).filter((n) => n.includes('.tmp-')),
        [],
        'no temporary file is left',
      );
      assert.equal(r.code, 130, r.stderr);
      assert.equal(r.stderr, `mlpipe score: interrupted: nothing was written to ${out}\n`);
      assert.equal(existsSync(out), false);
    });
  }
});
