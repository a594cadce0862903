// Starts code-server in its own session (setsid) with private HOME/XDG/TMPDIR folders, and
// stops it by killing the whole process group (plain SIGTERM leaves file watchers behind).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { node24Env } from './e2e-tools.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function privateDirs(base) {
  const d = {
    home: join(base, 'home'),
    config: join(base, 'xdg-config'),
    data: join(base, 'xdg-data'),
    runtime: join(base, 'xdg-runtime'),
    tmp: join(base, 'tmp'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
  };
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  chmodSync(d.runtime, 0o700);
  // Quiet, deterministic workbench: no welcome page, tips, trust prompts or update checks.
  mkdirSync(join(d.userData, 'User'), { recursive: true });
  writeFileSync(
    join(d.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'chat.disableAIFeatures': true,
    }),
  );
  return d;
}

/**
 * Installs `vsix` and starts code-server on a free port, serving `workspace`.
 * Resolves once it listens; `stop()` kills its process group.
 */
export async function startCodeServer({ codeServer, node24, base, vsix, workspace, env = {}, logFile, timeoutMs = 60_000 }) {
  const dirs = privateDirs(base);
  const csEnv = node24Env(node24, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    ...env,
  });
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const inst = spawnSync(codeServer, [...common, '--install-extension', vsix], { env: csEnv, encoding: 'utf8', timeout: 180_000 });
  if (inst.status !== 0) throw new Error(`code-server --install-extension failed (${inst.status ?? inst.signal}):\n${inst.stdout}\n${inst.stderr}`);
  const installed = readdirSync(dirs.extensions).find((n) => n.startsWith('mlpipe.mlpipe-'));
  if (!installed) throw new Error(`the vsix installed no mlpipe.mlpipe-* folder into ${dirs.extensions}`);

  const port = await freePort();
  const args = [
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ];
  const log = createWriteStream(logFile);
  // detached: the child calls setsid(), so it leads its own process group.
  const child = spawn(codeServer, args, { env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log, { end: false });

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms; see ${logFile}`)), timeoutMs);
    const onData = (chunk) => {
      if (/HTTP server listening on/.test(String(chunk))) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening; see ${logFile}`));
    });
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const group = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    group('SIGTERM');
    const killer = setTimeout(() => group('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    group('SIGKILL'); // stragglers of the group that outlived the leader
  };
  return { port, host: `127.0.0.1:${port}`, extensionPath: join(dirs.extensions, installed), userData: dirs.userData, stop };
}
