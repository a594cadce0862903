// The benchmarks' peers: the programs each ratio is measured against, where they come from, and
// how to tell whether they are here. scripts/bench.mjs checks them before running; setup.sh
// installs them; a benchmark whose peer is missing prints its ratio as unavailable.
//   node bench/peers/peers.mjs packages      the Debian packages, one a line (for setup.sh)
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Debian's Python, whose packages the peers are; MLPIPE_BENCH_PYTHON points elsewhere (e.g. to try a missing peer). */
export const PYTHON = process.env.MLPIPE_BENCH_PYTHON || '/usr/bin/python3';

/** name: what it is; check: a Python module to import or a command to find; pkg: the Debian package; benches: who needs it. */
export const PEERS = [
  { name: 'numpy', python: 'numpy', pkg: 'python3-numpy', benches: ['drift', 'train'] },
  { name: 'scipy', python: 'scipy', pkg: 'python3-scipy', benches: ['drift'] },
  { name: 'torch', python: 'torch', pkg: 'python3-torch', benches: ['train'] },
  { name: 'scikit-learn', python: 'sklearn', pkg: 'python3-sklearn', benches: ['train', 'serve'] },
  { name: 'flask', python: 'flask', pkg: 'python3-flask', benches: ['serve'] },
  { name: 'gunicorn', command: 'gunicorn', pkg: 'gunicorn', benches: ['serve'] },
  { name: 'openssl', command: 'openssl', pkg: 'openssl', benches: ['hash'] },
];

export function installCommand(pkgs) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${pkgs.join(' ')}   (or: bash bench/peers/setup.sh)`;
}

/** The peer's version when it is here, or null. */
export function probe(peer) {
  if (peer.python) {
    const r = spawnSync(PYTHON, ['-c', `import ${peer.python} as m; print(getattr(m, '__version__', 'present'))`], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  }
  const r = spawnSync('sh', ['-c', `command -v ${peer.command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Probes the peers the named benchmarks need; returns them with `version` (null: missing). */
export function checkPeers(benches) {
  return PEERS.filter((p) => p.benches.some((b) => benches.includes(b))).map((p) => ({ ...p, version: probe(p) }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'packages')
  console.log(PEERS.map((p) => p.pkg).join('\n'));
