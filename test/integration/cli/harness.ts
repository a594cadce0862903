import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(__dirname, '../../..');
export const CLI = join(REPO, 'dist/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds first) as a user would. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string | Buffer } = {}): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 180_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves once a line of its stderr matches, handing back the child. */
export function cliUntil(args: string[], pattern: RegExp, env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env } });
  const matched = new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (pattern.test(err)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${err}`)));
  });
  return { child, matched };
}

/** A throwaway copy of an example folder, with its own run store. */
export function workspace(example = 'examples/churn'): { dir: string; home: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-cli-'));
  cpSync(join(REPO, example), dir, { recursive: true, filter: (src) => !src.includes('.mlpipe/') && !src.endsWith('.mlpipe/') && !src.endsWith('/.mlpipe') });
  const home = join(dir, 'home');
  return { dir, home, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
