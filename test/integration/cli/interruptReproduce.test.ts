/**
 * `mlpipe reproduce` did not pass Ctrl-C to the retrain: the process died of the signal, said
 * nothing, and its run stayed 'running' until the next command found the process gone.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, cliUntil, workspace } from './harness.js';
import { openStore } from '../../../server/backend/tracking/store.js';

describe('Ctrl-C during mlpipe reproduce', { timeout: 180_000 }, () => {
  it('stops the retrain, records it as interrupted by itself and exits 130 with one line', async () => {
    const ws = workspace();
    try {
      const file = join(ws.dir, 'long.mlpipe');
      writeFileSync(file, readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8').replace('epochs        = 20', 'epochs        = 1500'));
      const env = { MLPIPE_HOME: ws.home };
      const done = cli(['run', file, '--json'], { env });
      assert.ok(done.code === 0 || done.code === 3, done.stderr);
      const original = JSON.parse(done.stdout).runId as string;

      const { child, matched } = cliUntil(['reproduce', original], /epoch 1\/1500/, env);
      await matched;
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (code, signal) => r([code, signal])));
      child.kill('SIGINT');
      assert.deepEqual(await exited, [130, null]);
      assert.match(stderr, /^mlpipe: interrupted: the run is recorded as interrupted$/m);

      // Read without the recovery an open does, so the status is what the command itself wrote.
      const store = openStore(ws.home, { recover: false });
      try {
        const retrain = store.listRuns().find((r) => r.parentRunId === original)!;
        assert.equal(retrain.status, 'interrupted');
        assert.doesNotMatch(retrain.error ?? '', /ended without finishing/);
      } finally {
        store.close();
      }
    } finally {
      ws.dispose();
    }
  });
});
