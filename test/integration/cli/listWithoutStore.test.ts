import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, REPO } from './harness.js';

/** Listing where no project has run yet says there is nothing, and leaves no `.mlpipe/` behind to say it. */
describe('runs and models where there is no run store', () => {
  it('say nothing is there, in text and JSON, and create no store', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-nostore-'));
    try {
      // A folder of its own: no MLPIPE_HOME, and no marker above it decides the root (tmpdir has none).
      const env = { MLPIPE_HOME: '' };
      const runs = cli(['runs'], { cwd: dir, env });
      assert.equal(runs.code, 0, runs.stderr);
      assert.match(runs.stdout, /^no runs yet in .*\.mlpipe\n$/);
      assert.deepEqual(JSON.parse(cli(['runs', '--json'], { cwd: dir, env }).stdout), []);
      writeFileSync(join(dir, 'p.mlpipe'), 'pipeline p\n');
      const ofFile = cli(['runs', 'p.mlpipe'], { cwd: dir, env });
      assert.equal(ofFile.code, 0, ofFile.stderr);
      assert.match(ofFile.stdout, /^no runs of p\.mlpipe in .*\.mlpipe\n$/);
      const missing = cli(['runs', 'q.mlpipe'], { cwd: dir, env });
      assert.equal(missing.code, 2, missing.stderr);
      assert.match(missing.stderr, /^mlpipe runs: cannot read q\.mlpipe: no such file \(and .*\.mlpipe has no runs of it\)\n$/);
      const models = cli(['models'], { cwd: dir, env });
      assert.equal(models.code, 0, models.stderr);
      assert.match(models.stdout, /^no registered models yet in \.\/\.mlpipe: /);
      assert.deepEqual(JSON.parse(cli(['models', '--json'], { cwd: dir, env }).stdout), []);
      assert.equal(existsSync(join(dir, '.mlpipe')), false, 'a store was made to list nothing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Each made '.mlpipe/' (a store, its .gitignore) only to say the name was unknown.
  it('promote, rollback, register, runs delete and reproduce of a name no store holds: one line, exit 1, no store made', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-nostore-'));
    try {
      const env = { MLPIPE_HOME: '' };
      const cases: Array<[string[], RegExp]> = [
        // Each names the store it looked for: run from a folder above the project, the refusal
        // read as if the project had registered nothing.
        [['promote', 'm', '1', 'production'], /^mlpipe: unknown model 'm': no model is registered yet in \.\/\.mlpipe \('mlpipe run FILE' registers one when its gates pass\)$/],
        [['promote', '1m', '1', 'production'], /^mlpipe: invalid model name '1m'/],
        [['rollback', 'm'], /^mlpipe: unknown model 'm': no model is registered yet in \.\/\.mlpipe /],
        [['models', 'm'], /^mlpipe: unknown model 'm': no model is registered yet in \.\/\.mlpipe /],
        [['register', 'm', 'r-1'], /^mlpipe: cannot register m: unknown run 'r-1' in \.\/\.mlpipe$/],
        [['runs', 'delete', 'r-1'], /^mlpipe: cannot delete: unknown run 'r-1' in .*\.mlpipe\/mlpipe\.db$/],
        [['reproduce', 'r-1'], /^mlpipe: no run 'r-1' in .*\.mlpipe \(list runs with 'mlpipe runs'\)$/],
      ];
      for (const [args, message] of cases) {
        const r = cli(args, { cwd: dir, env });
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0]!, message);
        assert.equal(existsSync(join(dir, '.mlpipe')), false, `'${args.join(' ')}' made a store to say it`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // MLPIPE_HOME names where runs go; listing made it (and its missing parents) to say it was empty.
  it('an MLPIPE_HOME not there yet: listing, history, refusals and drift say nothing is there and make no folder', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-nohome-'));
    try {
      const home = join(dir, 'not', 'yet');
      const env = { MLPIPE_HOME: home };
      const cases: Array<[string[], number, RegExp]> = [
        [['runs'], 0, /^no runs yet in .*not\/yet\/\.mlpipe\n$/],
        [['runs', '--json'], 0, /^\[\]\n$/],
        [['models'], 0, /^no registered models yet/],
        [['models', '--json'], 0, /^\[\]\n$/],
        [['models', 'm'], 1, /^$/],
        [['runs', 'delete', 'r-1'], 1, /^$/],
        [['reproduce', 'r-1'], 1, /^$/],
        [['drift', join(REPO, 'examples/churn/churn.mlpipe')], 1, /^$/],
      ];
      for (const [args, code, stdout] of cases) {
        const r = cli(args, { cwd: dir, env });
        assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stdout, stdout, args.join(' '));
        assert.equal(existsSync(join(dir, 'not')), false, `'${args.join(' ')}' made MLPIPE_HOME`);
      }
      // A home that cannot be a folder is still refused, not listed as empty.
      writeFileSync(join(dir, 'file'), '');
      const refused = cli(['runs'], { cwd: dir, env: { MLPIPE_HOME: join(dir, 'file') } });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /^mlpipe: MLPIPE_HOME .*file: exists and is not a folder\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A file where the store's folder belongs: 'runs' said "no runs yet in ./.mlpipe", and 'run' then refused the folder.
  it('a file named .mlpipe: listing and lookups refuse it as run and serve do, one line, exit 2', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-storefile-'));
    try {
      writeFileSync(join(dir, '.mlpipe'), 'not a folder\n');
      const env = { MLPIPE_HOME: '' };
      for (const args of [['runs'], ['runs', '--json'], ['models'], ['models', 'm'], ['runs', 'delete', 'r-1'], ['reproduce', 'r-1']]) {
        const r = cli(args, { cwd: dir, env });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /^mlpipe: run store folder .*\.mlpipe: exists and is not a folder\n$/, args.join(' '));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
