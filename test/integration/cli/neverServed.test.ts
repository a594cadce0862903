/**
 * Drift and parity on a project whose model was never served: nothing is logged, so neither may
 * give a verdict. Parity used to print "no skew: serving and batch agree on every row" over
 * zero rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, workspace } from './harness.js';
import { trainedChurn, type Project } from '../serve/project.js';

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

describe('a model never served', { timeout: 180_000 }, () => {
  it('parity says there is nothing to compare, not that serving and batch agree', () => {
    const r = cli(['parity', project.file], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: 0 logged predictions replayed/);
    assert.match(r.stdout, /nothing to compare: no predictions logged for this model version yet/);
    assert.doesNotMatch(r.stdout, /no skew|agree on every row/);
  });

  it('drift holds its verdict and raises no alert', () => {
    const r = cli(['drift', project.file], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no predictions logged for this model version yet/);
    assert.match(r.stdout, /no alerts/);
  });
});

describe('a file where the run store folder belongs', { timeout: 180_000 }, () => {
  it('serve, drift and parity name it (exit 2), as run does, instead of "no runs: train first"', () => {
    const ws = workspace();
    try {
      writeFileSync(join(ws.dir, 'package.json'), '{"private": true}\n');
      writeFileSync(join(ws.dir, '.mlpipe'), '');
      const file = join(ws.dir, 'churn.mlpipe');
      for (const command of [['run', file], ['serve', file, '--port', '0'], ['drift', file], ['parity', file]]) {
        const r = cli(command, { cwd: ws.dir });
        assert.equal(r.code, 2, `${command[0]}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`^mlpipe: run store folder ${join(ws.dir, '.mlpipe').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: exists and is not a folder$`, 'm'), command[0]);
      }
    } finally {
      ws.dispose();
    }
  });
});
