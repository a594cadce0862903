// Serving benchmark (prints, never asserts). In one run, on this machine:
//  - single-row POST /predict of the churn model with autocannon at 32 connections, against a
//    bare node:http server returning a constant (target: >= 0.5x its requests/s, p99 < 5 ms),
//    and against gunicorn -w 2 + Flask + scikit-learn when Debian's packages are installed;
//  - the server's own latency split (parse, features, inference, log) from its /metrics;
//  - the prediction log: predictions/s written, and bytes per million predictions.
// Run: npm run build && npx tsx bench/serve.ts [--seconds N]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runPipeline } from '../server/backend/pipeline/run.js';
import { openRegistry } from '../server/backend/registry/registry.js';
import { logPath, PredictionLog } from '../server/backend/serve/log.js';
import { openStore } from '../server/backend/tracking/store.js';

// autocannon ships no types: the part used here, typed.
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type LoadOptions = { url: string; connections: number; duration: number; method: string; headers: Record<string, string>; body: string };
const autocannon = createRequire(__filename)('autocannon') as (o: LoadOptions) => Promise<LoadResult>;

const REPO = join(__dirname, '..');
const CLI = join(REPO, 'dist/cli.js');
const arg = process.argv.indexOf('--seconds');
const SECONDS = arg > 0 ? Number(process.argv[arg + 1]) : 10;
const ROW = { customer_id: 'C00001', snapshot_at: '2025-06-01', tenure_days: 291, plan: 'premium', monthly_charges: 92.47, support_tickets: 1 };
const BODY = JSON.stringify({ rows: [ROW] });
const PEER_PACKAGES = 'python3-flask python3-sklearn gunicorn';

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Starts a child and resolves with the URL it prints (`listening on URL` or gunicorn's log line). */
function start(cmd: string, args: string[], cwd: string, pattern: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let text = '';
    const look = (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${text.slice(-2000)}`)));
  });
}

async function load(name: string, url: string): Promise<Measured> {
  // A short warm-up so the JIT and connection pools settle, then the measured run.
  await autocannon({ url, connections: 32, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  const r = await autocannon({ url, connections: 32, duration: SECONDS, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const BARE = `
const http = require('node:http');
const body = JSON.stringify({ predictions: [0.5] });
const s = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
});
s.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + s.address().port));`;

async function trainedProject(): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-serve-'));
  cpSync(join(REPO, 'examples/churn'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  const file = join(dir, 'churn.mlpipe');
  const run = await runPipeline({ file, root: dir });
  const store = openStore(dir);
  openRegistry(store).promote(run.registered!.name, run.registered!.version, 'production');
  store.close();
  return { dir, file };
}

function phaseSplit(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const phase of ['parse', 'features', 'inference', 'log']) {
    const sum = Number(new RegExp(`mlpipe_request_phase_seconds_sum\\{phase="${phase}"\\} (\\S+)`).exec(metrics)?.[1]);
    const count = Number(new RegExp(`mlpipe_request_phase_seconds_count\\{phase="${phase}"\\} (\\S+)`).exec(metrics)?.[1]);
    out[phase] = (sum / count) * 1e6;
  }
  return out;
}

function logBench(dir: string): { perSecond: number; bytesPerMillion: number; n: number } {
  const n = 200_000;
  const log = new PredictionLog(dir, { queueCapacity: n, batchSize: 5000 });
  const before = statSync(logPath(dir)).size;
  const features = { tenure_z: 0.4213, order_z: -1.2031, orders_90d: 3, plan: 'premium', tickets: 0.6931, charges: 0.8123 };
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    log.push({ id: log.nextId(), ts: Date.now(), pipeline: 'churn', model: 'churn_model', version: 1, inputs: ROW, features, prediction: 0.8204843401908875, predicted: 0.8204843401908875, latencyUs: 150 });
    if (log.depth >= 5000) log.flush();
  }
  log.flush();
  const seconds = (performance.now() - t) / 1000;
  log.close();
  const db = ['', '-wal'].map((s) => {
    try {
      return statSync(logPath(dir) + s).size;
    } catch {
      return 0;
    }
  });
  return { perSecond: n / seconds, bytesPerMillion: ((db[0] + db[1] - before) / n) * 1e6, n };
}

function table(rows: Measured[], base: Measured): void {
  console.log('| server | req/s | p50 ms | p99 ms | errors | vs bare node |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.rps / base.rps).toFixed(2)}x |`);
}

async function main(): Promise<void> {
  try {
    statSync(CLI);
  } catch {
    throw new Error('dist/cli.js is missing: run npm run build first');
  }
  console.log(`training the churn quickstart for the benchmark…`);
  const { dir, file } = await trainedProject();
  const results: Measured[] = [];
  try {
    const bare = await start(process.execPath, ['-e', BARE], dir, /listening on (\S+)/);
    results.push(await load('bare node:http, constant answer', `${bare.url}/predict`));
    await stop(bare.child);

    const served = await start(process.execPath, [CLI, 'serve', file, '--port', '0'], dir, /listening on (\S+)/);
    const mlpipe = await load('mlpipe serve (Fastify, logging on)', `${served.url}/predict`);
    results.push(mlpipe);
    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    const dropped = /mlpipe_log_dropped_total (\S+)/.exec(metrics)?.[1];
    await stop(served.child);

    const python = spawnSync('/usr/bin/python3', ['-c', 'import flask, sklearn'], { encoding: 'utf8' });
    const gunicorn = spawnSync('gunicorn', ['--version'], { encoding: 'utf8' });
    let peer: Measured | null = null;
    if (python.status === 0 && gunicorn.status === 0) {
      const port = 18000 + Math.floor(Math.random() * 1000);
      const g = await start('gunicorn', ['-w', '2', '-b', `127.0.0.1:${port}`, 'serve_flask:app'], join(REPO, 'bench/peers'), /Listening at: (http:\/\/\S+)/);
      peer = await load('gunicorn -w 2 + Flask + scikit-learn', `${g.url}/predict`);
      results.push(peer);
      await stop(g.child);
    }

    const base = results[0];
    table(results, base);
    const ratio = mlpipe.rps / base.rps;
    console.log(`\nmlpipe vs bare node: ${ratio.toFixed(2)}x (target >= 0.5x: ${ratio >= 0.5 ? 'met' : 'MISSED'}); p99 ${mlpipe.p99} ms (target < 5 ms: ${mlpipe.p99 < 5 ? 'met' : 'MISSED'}); log drops during the run: ${dropped}`);
    if (peer) console.log(`mlpipe vs gunicorn + Flask + scikit-learn: ${(mlpipe.rps / peer.rps).toFixed(1)}x the requests/s`);
    else console.log(`mlpipe vs gunicorn + Flask + scikit-learn: unavailable (not installed: apt-get install -y ${PEER_PACKAGES})`);
    const split = phaseSplit(metrics);
    console.log(`\nlatency split inside mlpipe (mean µs per request): ${Object.entries(split).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);

    const log = logBench(dir);
    console.log(`\nprediction log: ${Math.round(log.perSecond).toLocaleString('en')} predictions/s written (${log.n.toLocaleString('en')} in batches of 5,000); ${(log.bytesPerMillion / 2 ** 20).toFixed(0)} MiB per million predictions`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
