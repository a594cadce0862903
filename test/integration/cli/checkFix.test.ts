import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, REPO } from './harness.js';

/** A copy of the quick-fix fixtures (each diagnostic with a fix once), with a run store of its own. */
function fixtures(): { dir: string; env: Record<string, string>; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-fix-'));
  cpSync(join(REPO, 'test/fixtures/pipelines'), dir, { recursive: true });
  return { dir, env: { MLPIPE_HOME: join(dir, 'home') }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('mlpipe check --fix', () => {
  it("applies the editor's fix-all until nothing is left to take, says what it fixed, then reports what is left", { timeout: 120_000 }, () => {
    const f = fixtures();
    try {
      const file = join(f.dir, 'problems.mlpipe');
      const original = readFileSync(file, 'utf8');
      const r = cli(['check', '--fix', 'problems.mlpipe'], { cwd: f.dir, env: f.env });
      const fixed = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ {2}fixed {2}/.test(l));
      assert.deepEqual(
        fixed.map((l) => l.split(/ {2}/)[2]).sort(),
        ['lifecycle/unmonitored-serving', 'repro/unpinned-data', 'repro/unpinned-environment', 'repro/unseeded-model', 'repro/unseeded-split', 'skew/hard-coded-baseline', 'skew/not-point-in-time'],
        r.stdout,
      );
      assert.match(r.stdout, /^problems\.mlpipe:4:1 {2}fixed {2}repro\/unpinned-data {2}Pin 'data customers' to the file's current hash/m);
      // Left for a person: the changed file (an error, so exit 1) and the fill_missing value.
      assert.match(r.stdout, /error {2}repro\/data-changed/);
      assert.match(r.stdout, /warning {2}skew\/implicit-missing/);
      assert.match(r.stdout, /1 error, 1 warning, 0 info in 1 file\n$/);
      assert.equal(r.code, 1);
      const text = readFileSync(file, 'utf8');
      assert.notEqual(text, original);
      assert.match(text, /^monitor \{$/m);
      assert.match(text, /^environment \{$/m);
      assert.match(text, /version = "sha256:0{64}"/);

      // Nothing left to take: the file is not written again.
      const mtime = statSync(file).mtimeMs;
      const again = cli(['check', '--fix', 'problems.mlpipe'], { cwd: f.dir, env: f.env });
      assert.doesNotMatch(again.stdout, / {2}fixed {2}/);
      assert.equal(statSync(file).mtimeMs, mtime);
      assert.equal(readFileSync(file, 'utf8'), text);
    } finally {
      f.dispose();
    }
  });

  it('keeps a byte order mark and CRLF line ends, and keeps the JSON on stdout whole', { timeout: 120_000 }, () => {
    const f = fixtures();
    try {
      const file = join(f.dir, 'problems.mlpipe');
      writeFileSync(file, '\ufeff' + readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
      const r = cli(['check', '--fix', '--format', 'json', file], { cwd: f.dir, env: f.env });
      const rows = JSON.parse(r.stdout) as Array<{ code: string }>;
      assert.deepEqual(rows.map((d) => d.code).sort(), ['repro/data-changed', 'skew/implicit-missing']);
      assert.match(r.stderr, /problems\.mlpipe:\d+:\d+ {2}fixed {2}repro\/unseeded-split {2}Add 'seed = 42' to the split/);
      const text = readFileSync(file, 'utf8');
      assert.equal(text.charCodeAt(0), 0xfeff);
      assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line end is still CRLF');
      assert.match(text, /seed = 42\r\n/);
    } finally {
      f.dispose();
    }
  });

  it('leaves a file with nothing to fix untouched, and a clean file exits 0', { timeout: 120_000 }, () => {
    const f = fixtures();
    try {
      const file = join(f.dir, 'clean.mlpipe');
      const before = readFileSync(file, 'utf8');
      const mtime = statSync(file).mtimeMs;
      const r = cli(['check', '--fix', 'clean.mlpipe'], { cwd: f.dir, env: f.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, / {2}fixed {2}/);
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.equal(statSync(file).mtimeMs, mtime);
    } finally {
      f.dispose();
    }
  });
});
