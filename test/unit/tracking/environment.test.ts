import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { captureEnvironment, gitState } from '../../../server/backend/tracking/environment.js';
import { tempRoot } from './tempRoot.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

function gitRepo(): string {
  const root = tempRoot('mlpipe-env-');
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 't@example.invalid');
  git('config', 'user.name', 't');
  writeFileSync(join(root, 'a.txt'), 'one\n');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'first');
  return root;
}

describe('captureEnvironment', () => {
  test('machine, runtime, tfjs and lockfile', () => {
    const root = tempRoot('mlpipe-env-');
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    const env = captureEnvironment({ root, lockfile: 'package-lock.json' });
    assert.equal(env.node, process.version);
    assert.equal(env.platform, process.platform);
    assert.equal(env.arch, process.arch);
    assert.equal(env.cpuCount, cpus().length);
    assert.ok(env.totalMemoryBytes > 0);
    const tfjs = JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs/package.json'), 'utf8')).version;
    assert.equal(env.tfjsVersion, tfjs);
    assert.deepEqual(env.lockfile, {
      path: join(root, 'package-lock.json'),
      sha256: 'sha256:' + createHash('sha256').update('{"lockfileVersion":3}').digest('hex'),
    });
    assert.equal(env.backend, undefined, 'the runner fills the backend in');
  });

  test('a missing lockfile or a folder outside git is recorded, not thrown', () => {
    const root = tempRoot('mlpipe-env-');
    const env = captureEnvironment({ root, lockfile: 'nope.json' });
    assert.match(env.lockfile!.error!, /ENOENT/);
    assert.equal(env.lockfile!.sha256, undefined);
    assert.equal(env.git!.commit, undefined);
    assert.ok(env.git!.error);
  });

  test('git absent from PATH is reported as such', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.deepEqual(gitState(tempRoot('mlpipe-env-'), 1024, 5000), { error: 'git is not installed' });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('git state', { skip: !hasGit && 'git is not installed' }, () => {
  test('a clean tree: commit, not dirty, no diff', () => {
    const root = gitRepo();
    const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    assert.deepEqual(captureEnvironment({ root }).git, { commit: head, dirty: false });
  });

  test('a dirty tree: the diff of tracked files, capped with a flag', () => {
    const root = gitRepo();
    writeFileSync(join(root, 'a.txt'), 'two\n');
    const git = gitState(root, 1 << 20, 5000);
    assert.equal(git.dirty, true);
    assert.equal(git.diffTruncated, false);
    assert.match(git.diff!, /-one\n\+two\n/);
    const capped = gitState(root, 20, 5000);
    assert.equal(capped.diffTruncated, true);
    assert.equal(capped.diff, git.diff!.slice(0, 20));
    const exact = gitState(root, Buffer.byteLength(git.diff!), 5000);
    assert.equal(exact.diffTruncated, false, 'a diff exactly at the cap is whole');
    assert.equal(exact.diff, git.diff);
  });
});
