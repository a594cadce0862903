/**
 * Drift and parity on a project whose model was never served: nothing is logged, so neither may
 * give a verdict. Parity used to print "no skew: serving and batch agree on every row" over
 * zero rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftReport } from '../../../server/protocol/serving.js';
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
    assert.doesNotMatch(r.stdout, /logging is off/);
  });

  // Both only read: the log reader created .mlpipe/predictions.db (and its -wal, -shm) to say
  // there were no predictions.
  it('drift and parity make no prediction log for a model never served', () => {
    for (const command of ['drift', 'parity']) {
      const r = cli([command, project.file, '--json'], { cwd: project.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(join(project.dir, '.mlpipe', 'predictions.db')), false, `${command} made a prediction log`);
    }
  });

  it('drift says when the pipeline as written logs nothing (GET /drift answers 409 there)', () => {
    const file = join(project.dir, 'nolog.mlpipe');
    writeFileSync(file, readFileSync(project.file, 'utf8').replace(/^serve \{\n/m, 'serve {\n  log_predictions = false\n'));
    const r = cli(['drift', file], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}prediction logging is off in this pipeline \(log_predictions = false\): this reads what an earlier server logged/m);
    const json = cli(['drift', file, '--json'], { cwd: project.dir });
    assert.equal(driftReport.parse(JSON.parse(json.stdout)).loggingOff, true);
    assert.equal(driftReport.parse(JSON.parse(cli(['drift', project.file, '--json'], { cwd: project.dir }).stdout)).loggingOff, undefined);
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
