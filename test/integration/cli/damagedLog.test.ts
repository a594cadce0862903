/**
 * A prediction log that is not a database (or is damaged) stopped serve, drift and parity with
 * "the run store cannot be used (SQLITE_NOTADB: …)": the wrong file (mlpipe.db was fine) and
 * no path. They now name the log, and leave it as it was. A log whose small tables are damaged
 * where SQLite does not stumble on them (a scrambled page of `served`'s index, as a bad sector or a
 * torn copy leaves it) was opened and read on, where the run store refuses such a file: refused too.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openLogDb } from '../../../server/backend/serve/log.js';
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

  it('serve, drift and parity refuse a log with a damaged index page, naming the table, and leave it untouched', () => {
    const log = join(project.dir, '.mlpipe/predictions.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(log + suffix, { force: true });
    const db = openLogDb(project.dir);
    const add = db.prepare('INSERT INTO served (pipeline, model, version) VALUES (?, ?, ?)');
    for (let v = 1; v <= 3; v++) add.run('churn', 'churn_model', v);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const page = db.prepare<[], { rootpage: number }>(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_served_1'`).get()!.rootpage;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(log);
    // The cells sit at the end of the page: scrambled, as in the run store's damagedIndex test.
    for (let i = page * pageSize - 400; i < page * pageSize - 50; i++) bytes[i] = (bytes[i]! * 7 + 0x5a) & 0xff;
    writeFileSync(log, bytes);
    for (const command of [['serve', project.file, '--port', '0'], ['drift', project.file], ['parity', project.file]]) {
      const r = cli(command, { cwd: project.dir });
      assert.equal(r.code, 2, `${command[0]}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^mlpipe: .*predictions\.db: the prediction log is damaged \(SQLite's check of table 'served': .*page \d+.*\): move it away to start a new log; the file was left untouched$/);
    }
    assert.ok(readFileSync(log).equals(bytes), 'the log changed');
  });
});
