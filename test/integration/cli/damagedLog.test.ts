/**
 * A prediction log that is not a database (or is damaged) stopped serve, drift and parity with
 * "the run store cannot be used (SQLITE_NOTADB: …)": the wrong file (mlpipe.db was fine) and
 * no path. They now name the log, and leave it as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from './harness.js';
import { trainedChurn, type Project } from '../serve/project.js';

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

describe('a damaged prediction log', { timeout: 180_000 }, () => {
  it('serve, drift and parity name it in one line, exit 2, and leave it untouched', () => {
    const log = join(project.dir, '.mlpipe/predictions.db');
    writeFileSync(log, 'not a database, just text\n'.repeat(200));
    const before = readFileSync(log);
    for (const command of [['serve', project.file, '--port', '0'], ['drift', project.file], ['parity', project.file]]) {
      const r = cli(command, { cwd: project.dir });
      assert.equal(r.code, 2, `${command[0]}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.equal(lines[0], `mlpipe: ${log}: the prediction log is not a database, or damaged (file is not a database): move it away to start a new log; the file was left untouched`);
    }
    assert.ok(readFileSync(log).equals(before), 'the log changed');
  });
});
