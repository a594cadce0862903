import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { Environment, GitState } from '../../protocol/tracking.js';
import { sha256Bytes } from '../data/hash.js';

export interface CaptureOptions {
  /** Project folder: git is asked about this folder, and a relative lockfile is found from it. */
  root: string;
  /** Lockfile path (absolute, or relative to `root`). */
  lockfile?: string;
  /** Cap on the stored `git diff HEAD` (default 1 MiB). */
  diffCapBytes?: number;
  /** Per git command (default 5000 ms). */
  gitTimeoutMs?: number;
}

export const DEFAULT_DIFF_CAP = 1 << 20;

/**
 * What a run needs to be explained later: machine, runtime, library versions, lockfile and
 * the exact source state. Best effort: a missing git or lockfile becomes an `error` field,
 * never an exception, because a run must not fail for want of provenance.
 */
export function captureEnvironment(options: CaptureOptions): Environment {
  const cpuList = cpus();
  const env: Environment = {
    capturedAt: new Date().toISOString(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    totalMemoryBytes: totalmem(),
    hostname: hostname(),
    projectRoot: resolve(options.root),
  };
  const tfjs = tfjsVersion();
  if (tfjs) env.tfjsVersion = tfjs;
  if (options.lockfile !== undefined) env.lockfile = hashLockfile(resolve(options.root, options.lockfile));
  env.git = gitState(options.root, options.diffCapBytes ?? DEFAULT_DIFF_CAP, options.gitTimeoutMs ?? 5000);
  return env;
}

function tfjsVersion(): string | undefined {
  try {
    // Resolved from mlpipe's own location: that is the copy the runner loads.
    const req = createRequire(typeof __filename === 'string' ? __filename : resolve('noop.js'));
    const pkg = JSON.parse(readFileSync(req.resolve('@tensorflow/tfjs/package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

function hashLockfile(path: string): NonNullable<Environment['lockfile']> {
  try {
    return { path, sha256: sha256Bytes(readFileSync(path)) };
  } catch (e) {
    return { path, error: (e as Error).message };
  }
}

function git(root: string, args: string[], timeout: number, maxBuffer = 1 << 20): Buffer {
  return execFileSync('git', ['-C', root, ...args], {
    timeout,
    maxBuffer,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
}

export function gitState(root: string, diffCapBytes: number, timeoutMs: number): GitState {
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', 'HEAD'], timeoutMs).toString('utf8').trim();
  } catch (e) {
    return { error: gitError(e) };
  }
  const state: GitState = { commit };
  try {
    state.dirty = git(root, ['status', '--porcelain', '--untracked-files=no'], timeoutMs).length > 0;
  } catch (e) {
    state.error = gitError(e);
    return state;
  }
  if (!state.dirty) return state;
  try {
    // One byte over the cap tells "exactly the cap" from "more than the cap".
    const out = git(root, ['diff', 'HEAD', '--no-color', '--no-ext-diff'], timeoutMs, diffCapBytes + 1);
    state.diffTruncated = out.length > diffCapBytes;
    state.diff = out.subarray(0, diffCapBytes).toString('utf8');
  } catch (e) {
    const partial = (e as { stdout?: Buffer }).stdout;
    if ((e as NodeJS.ErrnoException).code === 'ENOBUFS' && partial) {
      state.diff = partial.subarray(0, diffCapBytes).toString('utf8');
      state.diffTruncated = true;
    } else {
      state.error = gitError(e);
    }
  }
  return state;
}

function gitError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { stderr?: Buffer; signal?: string };
  if (err.code === 'ENOENT') return 'git is not installed';
  if (err.signal === 'SIGTERM') return 'git timed out';
  const stderr = err.stderr?.toString('utf8').trim();
  return stderr ? stderr.split('\n')[0]! : err.message;
}
