/**
 * Ctrl-C (or SIGTERM) while a run checks or loads its data stops the reading at once: the run
 * used to read the whole file first (seconds for a large one; for ever for a link to /dev/zero)
 * and only then stop, before computing features.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliUntil } from './harness.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { storeExists } from '../../../server/backend/tracking/database.js';

const PIPELINE = `pipeline big

data rows {
  source = "big.csv"
  target = y
  key    = id
}

split {
  test = 0.2
  seed = 1
}

feature fx = standardize(rows.x)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 3
}
`;

describe('an interrupt while a run reads its data', { timeout: 180_000 }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-interrupt-load-'));
    // Large enough that checking and loading it take seconds here, a signal milliseconds.
    writeFileSync(join(dir, 'big.csv'), 'id,x,y\n' + Array.from({ length: 1_000_000 }, (_, i) => `${i},${i % 97},${i % 2}`).join('\n') + '\n');
    writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function interruptAt(stage: RegExp, home: string): Promise<{ code: number | null; stderr: string }> {
    const { child, matched } = cliUntil(['run', join(dir, 'p.mlpipe'), '--backend', 'wasm'], stage, { MLPIPE_HOME: home });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await matched;
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return { code: await exited, stderr };
  }

  it('while loading: the run is recorded as interrupted where it was, and nothing after ran', async () => {
    const home = join(dir, 'home-load');
    const r = await interruptAt(/• loading data/, home);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /^mlpipe: interrupted: the run is recorded as interrupted$/m);
    assert.doesNotMatch(r.stderr, /computing features/);
    const store = openStore(home, { recover: false });
    try {
      const [run] = store.listRuns();
      assert.equal(run.status, 'interrupted');
      assert.equal(run.error, 'interrupted while loading big.csv (table rows)');
    } finally {
      store.close();
    }
  });

  it('while checking: no run is started, and the command says so', async () => {
    const home = join(dir, 'home-check');
    const r = await interruptAt(/• checking the pipeline/, home);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /^mlpipe: interrupted while checking the data: no run was started$/m);
    assert.doesNotMatch(r.stderr, /loading data/);
    assert.equal(storeExists(home), false);
  });
});
