// Runs the benchmarks under bench/, each printing its own table with ratios against a baseline
// measured in the same run. Usage: npm run bench [-- NAME...]   (names below; default: all)
// Pure-code benchmarks run from an esbuild bundle, as the CLI and language server ship;
// the others run through tsx because they start workers and child processes from source.
// Peers (the programs a ratio is measured against) are checked first: a missing one is named with
// the command that installs it, and its benchmark prints the ratio as unavailable.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkPeers, installCommand } from '../bench/peers/peers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  checker: { entry: 'bench/checker.ts', bundle: true, about: 'check a 5,000-line pipeline (target <= 20 ms)' },
  cli: { entry: 'bench/cli.ts', about: 'CLI start-up: check <= 2x and --help <= 1.5x node -e 0' },
  hash: { entry: 'bench/hash.ts', about: 'sha256 of 1 GiB vs openssl (target >= 0.9x)' },
  csv: { entry: 'bench/csv.ts', about: 'long, wide and pixel CSVs through the loader and the checker\'s inspection, against splitting the same bytes' },
  memory: { entry: 'bench/runMemory.ts', about: 'peak memory of mlpipe run on a 1M-row CSV, against the file and its inputs as float32' },
  features: { entry: 'bench/features.ts', about: 'feature batch throughput and serving latency' },
  tracking: { entry: 'bench/tracking.ts', about: 'metric logging points/s (target >= 300,000)' },
  lsp: { entry: 'bench/lsp/index.ts', about: 'didChange to diagnostics, completion latency' },
  serve: { entry: 'bench/serve.ts', about: 'single-row /predict req/s and p99 vs bare node (target >= 0.5x, p99 < 5 ms) and gunicorn+Flask; log throughput' },
  reload: { entry: 'bench/historyReload.ts', about: 'a history file re-read while serving: event-loop delay vs reading on the serving thread' },
  train: { entry: 'bench/train/index.ts', about: 'MLP 100k x 20 s/epoch vs PyTorch and scikit-learn' },
  drift: { entry: 'bench/drift.ts', bundle: true, about: 'drift report, 20 columns, 1M reference x 100k live, vs NumPy/SciPy (target >= 10x)' },
  webviews: { entry: 'bench/webviews/index.ts', about: 'Experiments webview with 10,000 runs, 50 curves, bundle sizes (targets: paint < 1 s, curves < 200 ms)' },
};

const asked = process.argv.slice(2);
const names = asked.length ? asked : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const peers = checkPeers(names);
if (peers.length) {
  console.log('## peers');
  for (const p of peers) console.log(`${p.name.padEnd(14)} ${(p.version ?? 'MISSING').padEnd(24)} (Debian ${p.pkg}; for ${p.benches.filter((b) => names.includes(b)).join(', ')})`);
  const missing = peers.filter((p) => !p.version);
  if (missing.length) {
    console.log(`\n${missing.length} peer(s) missing: their ratios print as unavailable. Install them with:\n  ${installCommand(missing.map((p) => p.pkg))}`);
  }
}

let failed = 0;
for (const name of names) {
  const b = BENCHES[name];
  console.log(`\n## ${name}: ${b.about}`);
  let args;
  if (b.bundle) {
    const out = join(root, 'dist/bench', `${name}.js`);
    mkdirSync(dirname(out), { recursive: true });
    await build({ entryPoints: [join(root, b.entry)], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', external: ['better-sqlite3', '@tensorflow/*', 'webgpu'] });
    args = [out];
  } else args = ['--import', 'tsx', join(root, b.entry)];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`benchmark ${name} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
