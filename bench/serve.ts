// Serving benchmark (prints, never asserts). In one run, on this machine:
//  - single-row POST /predict of the churn model with autocannon at 32 connections, against a
//    bare node:http server returning a constant (target: >= 0.5x its requests/s, p99 < 5 ms),
//    and against gunicorn -w 2 + Flask + scikit-learn when Debian's packages are installed;
//    p50/p99 from every 2xx response's own duration (bench/latencies.ts: autocannon's histogram
//    is whole milliseconds), the same way for every row;
//  - the server's own latency split (parse, features, inference, log) from its /metrics;
//  - the prediction log: predictions/s written, and bytes per million predictions.
// Run: npm run build && npx tsx bench/serve.ts [--seconds N]
//   --baseline REV   also serve with REV's build (git archive into a scratch folder, this
//                    checkout's node_modules linked, built there), alternating with this build,
//                    so a change is judged against the previous commit back to back;
//   --rounds N       rounds of bare / baseline / this build (default 1);
//   --quick          only the logging-on servers (no logging-off run, no gunicorn peer, no log bench);
//   --profile DIR    write a V8 CPU profile of this build's server (logging on) into DIR;
//   --connections N  autocannon connections (default 32; fewer shows the latency a server adds
//                    beyond the queueing of N requests in flight, with bare node in the same run);
//   --rate N         autocannon offers N requests/s in all (its overallRate) instead of as many
//                    as the server takes: servers that take the same requests per event-loop
//                    turn compare by CPU per request (at saturation a slower run takes fewer per
//                    turn and so costs more per request, whatever the cause of its slowness).
//                    autocannon counts each connection's requests per second (a 1 s interval
//                    resets the count), so each second opens with a burst of all N: the server
//                    runs saturated for part of each second and idles for the rest, and the p99
//                    is the burst's queueing (100-900 ms at N = 2,000), not a steady arrival's;
//   --logging-off    each round also serves this build with prediction logging off (what the
//                    log costs, back to back with logging on);
//   --loop-delay     samples each server's event-loop delay (perf_hooks.monitorEventLoopDelay,
//                    1 ms resolution, preloaded from bench/loopDelay.cjs) during the measured
//                    seconds and prints its p50, p99 and max;
//   --trace-gc       runs every server with node --trace-gc and prints the serving thread's
//                    collector pauses during the measured seconds (count, total and longest);
//   --processes N    each round also serves bare node and this build (logging off) as N
//                    node:cluster processes sharing one port (bench/cluster.cjs), and this
//                    build with logging off as one process: whether more processes move req/s
//                    and p99 on this machine, every row labelled with its process count (the
//                    node flags above apply to the one-process servers only).
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { logPath, PredictionLog } from '../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../server/backend/serve/logBatch.js';
import { REPO, trainedProject } from './servedProject.js';
import { churnBodies as bodies, CHURN_ROW as ROW } from './log/churnBodies.js';
import { loadWithLatencies } from './latencies.js';
import { unloggedFile } from './log/unlogged.js';
import { flag, numberOption, option } from './argv.js';

const CLI = join(REPO, 'dist/cli.js');
const SECONDS = numberOption('seconds', 10);
const ROUNDS = numberOption('rounds', 1);
const BASELINE = option('baseline');
const PROFILE = option('profile');
const QUICK = flag('quick');
const CONNECTIONS = numberOption('connections', 32);
const RATE = flag('rate') ? numberOption('rate', 0) : undefined;
if (RATE !== undefined && !(RATE > 0)) throw new Error(`--rate takes requests per second, not ${option('rate')}`);
const TRACE_GC = flag('trace-gc');
const LOGGING_OFF = flag('logging-off');
const LOOP_DELAY = flag('loop-delay');
const PROCESSES = numberOption('processes', 1);
if (!Number.isInteger(PROCESSES) || PROCESSES < 1) throw new Error(`--processes takes a whole number of processes, not ${option('processes')}`);
const CLUSTER = join(__dirname, 'cluster.cjs');
const NODE_FLAGS = [...(TRACE_GC ? ['--trace-gc'] : []), ...(LOOP_DELAY ? ['--require', join(__dirname, 'loopDelay.cjs')] : [])];
let BODIES: Array<{ body: string }> = [];
const PEER_PACKAGES = 'python3-flask python3-sklearn gunicorn';

interface Measured {
  name: string;
  rps: number;
  /** CPU time the server process spent per request (user + system, from /proc): load-independent. */
  cpuUs: number | null;
  /** ms, from every 2xx response's own duration (bench/latencies.ts), not autocannon's whole-millisecond histogram. */
  p50: number;
  p99: number;
  errors: number;
  /**
   * CPU µs per request by thread: the main (serving) thread, the busiest other thread (for
   * mlpipe with logging on, the log's worker thread: its inserts and drift evaluations), and the
   * rest (GC helpers, libuv). Linux only; null elsewhere.
   */
  threads: { main: number; busiest: number; rest: number } | null;
  /**
   * µs per request the serving (main) thread spent runnable but waiting for a CPU (Linux
   * schedstat), or null: on a machine shared with the load generator and other work this is
   * often as large as its own CPU time, and it, not the server's code, sets much of the p99.
   */
  waitUs: number | null;
  /** With --trace-gc: the serving thread's collector pauses during the measured seconds. */
  gc?: GcPauses;
  /** With --loop-delay: the line bench/loopDelay.cjs printed as the server exited. */
  loopDelay?: string;
}

interface GcPauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * The pauses `node --trace-gc` printed, for the isolate that printed first (the main thread's:
 * it collects while loading, before any worker starts); each line reads
 * `[pid:isolate] t ms: Scavenge a (b) -> c (d) MB, pause / ... ms ...`.
 */
function gcPauses(text: string, mainIsolate: string | null): GcPauses {
  const out: GcPauses = { count: 0, totalMs: 0, maxMs: 0 };
  for (const m of text.matchAll(/^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (?:Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Compact)\b[^,]*, ([\d.]+) \/ /gm)) {
    if (mainIsolate !== null && m[1] !== mainIsolate) continue;
    const ms = Number(m[2]);
    out.count++;
    out.totalMs += ms;
    out.maxMs = Math.max(out.maxMs, ms);
  }
  return out;
}

/** The isolate address of the first --trace-gc line, or null. */
function firstIsolate(text: string): string | null {
  return /^\[\d+:(0x[0-9a-f]+)\]/m.exec(text)?.[1] ?? null;
}

/** Starts a child and resolves with the URL it prints (`listening on URL` or gunicorn's log line). */
interface Started {
  child: ChildProcess;
  url: string;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
}

function start(cmd: string, args: string[], cwd: string, pattern: RegExp, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let text = '';
    let found = false;
    const look = (d: Buffer) => {
      text += d.toString();
      if (found) return;
      const m = pattern.exec(text);
      if (m) {
        found = true;
        resolve({ child, url: m[1], output: () => text });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${text.slice(-2000)}`)));
  });
}

/** CPU seconds a process has used (Linux), or null where /proc is not there. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Nanoseconds the process's main thread has waited on a run queue (Linux: the second field of its schedstat), or null. */
function runQueueNs(pid: number | undefined): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/** CPU seconds per thread of a process (Linux: /proc/PID/task), by thread id; null where /proc is not there. */
function threadCpuSeconds(pid: number | undefined): Map<number, number> | null {
  try {
    const out = new Map<number, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    }
    return out;
  } catch {
    return null;
  }
}

/** Per-request CPU of the main thread, the busiest other thread and the rest, between two samples. */
function threadSplit(pid: number | undefined, t0: Map<number, number> | null, t1: Map<number, number> | null, requests: number): Measured['threads'] {
  if (!t0 || !t1) return null;
  let main = 0;
  let busiest = 0;
  let rest = 0;
  for (const [tid, s] of t1) {
    const d = s - (t0.get(tid) ?? 0);
    if (tid === pid) main = d;
    else if (d > busiest) {
      rest += busiest;
      busiest = d;
    } else rest += d;
  }
  const us = (x: number) => (x / requests) * 1e6;
  return { main: us(main), busiest: us(busiest), rest: us(rest) };
}

/** Sums a process and its children's children (gunicorn's workers) by walking /proc. */
function treeCpuSeconds(pid: number | undefined): number | null {
  const own = cpuSeconds(pid);
  if (own === null) return null;
  let total = own;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) total += treeCpuSeconds(Number(c)) ?? 0;
  } catch {
    // no children file: the process alone
  }
  return total;
}

async function load(name: string, url: string, server?: Started): Promise<Measured> {
  const pid = server?.child.pid;
  // A short warm-up so the JIT and connection pools settle, then the measured run.
  await loadWithLatencies({ url, connections: CONNECTIONS, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, requests: BODIES });
  // bench/loopDelay.cjs forgets the warm-up's delays.
  if (LOOP_DELAY) server?.child.kill('SIGUSR2');
  const c0 = treeCpuSeconds(pid);
  const t0 = threadCpuSeconds(pid);
  const w0 = runQueueNs(pid);
  const printed = server?.output().length ?? 0;
  const { result: r, latencies } = await loadWithLatencies({ url, connections: CONNECTIONS, overallRate: RATE, duration: SECONDS, method: 'POST', headers: { 'content-type': 'application/json' }, requests: BODIES });
  const c1 = treeCpuSeconds(pid);
  const t1 = threadCpuSeconds(pid);
  const w1 = runQueueNs(pid);
  const gc = TRACE_GC && server ? gcPauses(server.output().slice(printed), firstIsolate(server.output())) : undefined;
  const total = r.requests.total ?? r.requests.average * SECONDS;
  const cpuUs = c0 === null || c1 === null ? null : ((c1 - c0) / total) * 1e6;
  return { name, rps: r.requests.average, cpuUs, p50: latencies.percentile(50), p99: latencies.percentile(99), errors: r.errors + r.non2xx, threads: threadSplit(pid, t0, t1, total), waitUs: w0 === null || w1 === null ? null : (w1 - w0) / 1e3 / total, gc };
}

/** After `stop`: the event-loop delay line the server printed as it exited (--loop-delay). */
function loopDelayOf(server: Started, m: Measured): void {
  const line = /event-loop delay: (.*)/.exec(server.output())?.[1];
  if (line) m.loopDelay = line;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    // 'close': after its last output too (the --loop-delay line is printed as it stops).
    child.once('close', () => resolve());
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

/** Bare node's server as a file in `dir`, for bench/cluster.cjs to run in each worker. */
function bareScript(dir: string): string {
  const file = join(dir, 'bare-server.cjs');
  writeFileSync(file, BARE);
  return file;
}

/** REV's source in a scratch folder, this checkout's node_modules linked in, built; returns its CLI. */
function buildBaseline(rev: string): { dir: string; cli: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-baseline-'));
  execSync(`git archive ${JSON.stringify(rev)} | tar -x -C ${JSON.stringify(dir)}`, { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execSync(`${JSON.stringify(process.execPath)} scripts/build.mjs`, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, cli: join(dir, 'dist/cli.js') };
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

/** The log alone: 200,000 predictions of one churn row, written as the serving thread posts them (coded batches of 1,000, as the server posts them at most). */
function logBench(dir: string): { perSecond: number; bytesPerMillion: number; n: number } {
  const n = 200_000;
  const batch = 1000;
  const log = new PredictionLog(dir, { queueCapacity: n, batchSize: batch });
  const before = statSync(logPath(dir)).size;
  const source: LogSource = {
    pipeline: 'churn',
    model: 'churn_model',
    version: 1,
    names: ['tenure_z', 'order_z', 'orders_90d', 'plan', 'tickets', 'charges'],
    categories: [null, null, null, ['basic', 'premium', 'standard'], null, null],
  };
  const codes = Float32Array.of(0.4213, -1.2031, 3, 1, 0.6931, 0.8123);
  const t = performance.now();
  for (let i = 0; i < n; i += batch) {
    const b = new LogBatchBuilder(source, batch);
    for (let k = 0; k < batch; k++) b.codes.set(codes, b.add(log.nextId(), Date.now(), 150, ROW, 0.8204843401908875));
    log.pushBatch(b.seal().batch);
    log.flush();
  }
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


/** With --trace-gc: each server's serving-thread collector pauses during its measured seconds. */
function gcTable(rows: Measured[]): void {
  if (!rows.some((r) => r.gc)) return;
  console.log('\n| server | GC pauses (serving thread) | total ms | longest ms | per 1,000 requests ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    if (!r.gc) continue;
    const per = (r.gc.totalMs / (r.rps * SECONDS)) * 1000;
    console.log(`| ${r.name} | ${r.gc.count} | ${r.gc.totalMs.toFixed(1)} | ${r.gc.maxMs.toFixed(1)} | ${per.toFixed(2)} |`);
  }
}

/** CPU per request by thread, and the serving thread's wait for a CPU, for bare node and the one-process mlpipe servers (shown when one logs). */
function threadTable(rows: Measured[]): void {
  const shown = rows.filter((r) => (r.name.startsWith(BARE_NAME) || r.name.startsWith('mlpipe serve')) && r.threads && !/processes/.test(r.name));
  if (!shown.some((r) => r.name.includes('logging on'))) return;
  console.log('\n| server | serving thread CPU µs/request | busiest other thread (with logging on, the log thread) | other threads | log thread share of the process CPU | serving thread waiting for a CPU µs/request |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of shown) {
    const t = r.threads!;
    const all = t.main + t.busiest + t.rest;
    const share = r.name.includes('logging on') ? `${((t.busiest / all) * 100).toFixed(0)}%` : '';
    console.log(`| ${r.name} | ${t.main.toFixed(0)} | ${t.busiest.toFixed(0)} | ${t.rest.toFixed(0)} | ${share} | ${r.waitUs === null ? 'n/a' : r.waitUs.toFixed(0)} |`);
  }
}

const BARE_NAME = 'bare node:http, constant answer';

/** A latency in ms with two decimals (10 µs). */
const ms = (x: number): string => x.toFixed(2);

/**
 * With --processes N: per round, mlpipe's N processes against bare node's one process (the
 * issue's target compares with one bare node process), against bare node's N processes (the
 * same structure on both sides), and against its own one process, all without logging.
 */
function processTable(rows: Measured[]): void {
  if (PROCESSES < 2) return;
  console.log(`\n| round | mlpipe x${PROCESSES} (logging off) req/s | vs bare node x1 | vs bare node x${PROCESSES} | vs mlpipe x1 (logging off) | p99 ms mlpipe x${PROCESSES} / x1 / bare x1 / bare x${PROCESSES} |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (let round = 1; round <= ROUNDS; round++) {
    const tag = ROUNDS > 1 ? ` #${round}` : '';
    const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix) && r.name.endsWith(tag) && (tag !== '' || !/#\d+$/.test(r.name)));
    const bare1 = find(BARE_NAME);
    const bareN = find(`bare node:http x${PROCESSES} processes`);
    const one = find('mlpipe serve (logging off)');
    const many = find(`mlpipe serve x${PROCESSES} processes`);
    if (!bare1 || !bareN || !one || !many) continue;
    const x = (a: Measured, b: Measured) => `${(a.rps / b.rps).toFixed(2)}x`;
    console.log(`| ${round} | ${Math.round(many.rps)} | ${x(many, bare1)} | ${x(many, bareN)} | ${x(many, one)} | ${[many, one, bare1, bareN].map((m) => ms(m.p99)).join(' / ')} |`);
  }
}

function table(rows: Measured[], base: Measured): void {
  console.log('| server | req/s | p50 ms | p99 ms | errors | vs bare node (1 process) | server CPU µs/request | vs bare node by CPU |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    // Each round's servers against that round's one-process bare node (the machine's load moves
    // between rounds); --processes rows are compared with their peers in processTable.
    if (r.name.startsWith(BARE_NAME)) base = r;
    const byCpu = r.cpuUs && base.cpuUs ? `${(base.cpuUs / r.cpuUs).toFixed(2)}x` : 'n/a';
    console.log(`| ${r.name} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${(r.rps / base.rps).toFixed(2)}x | ${r.cpuUs === null ? 'n/a' : Math.round(r.cpuUs)} | ${byCpu} |`);
  }
}

/** One server of an mlpipe build: started, loaded, its split and drops read, stopped. */
async function serveOnce(name: string, cli: string, file: string, dir: string, profile?: string, processes = 1): Promise<{ m: Measured; metrics: string; alerts: number; window?: number; targets?: number }> {
  // Each server starts a fresh log: the same amount to write and read, and a baseline never meets a newer format.
  for (const suffix of ['', '-wal', '-shm']) rmSync(logPath(dir) + suffix, { force: true });
  const args = processes > 1 ? [CLUSTER, String(processes), cli] : profile ? [...NODE_FLAGS, `--cpu-prof`, `--cpu-prof-dir=${profile}`, cli] : [...NODE_FLAGS, cli];
  const served = await start(process.execPath, [...args, 'serve', file, '--port', '0'], dir, /listening on (\S+)/);
  const m = await load(name, `${served.url}/predict`, served);
  const metrics = await (await fetch(`${served.url}/metrics`)).text();
  // With logging off /drift answers 409 and has no alerts.
  const drift = (await (await fetch(`${served.url}/drift`)).json()) as { alerts?: unknown[]; window?: number; targets?: unknown[] };
  await stop(served.child);
  loopDelayOf(served, m);
  return { m, metrics, alerts: drift.alerts?.length ?? 0, window: drift.window, targets: drift.targets?.length };
}

function splitText(metrics: string): string {
  return Object.entries(phaseSplit(metrics))
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ');
}

async function main(): Promise<void> {
  try {
    statSync(CLI);
  } catch {
    throw new Error('dist/cli.js is missing: run npm run build first');
  }
  const baseline = BASELINE ? (console.log(`building the baseline ${BASELINE}…`), buildBaseline(BASELINE)) : null;
  console.log(`training the churn quickstart for the benchmark…`);
  const { dir, file } = await trainedProject('mlpipe-bench-serve-');
  BODIES = bodies(dir);
  const results: Measured[] = [];
  const loadAverages: number[] = [];
  const loadNow = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  try {
    let mlpipe: Measured | null = null;
    let bareFirst: Measured | null = null;
    let lastMetrics = '';
    let dropped: string | undefined;
    let alerts = 0;
    let monitor = '';
    for (let round = 1; round <= ROUNDS; round++) {
      const tag = ROUNDS > 1 ? ` #${round}` : '';
      loadAverages.push(loadNow());
      const bare = await start(process.execPath, [...NODE_FLAGS, '-e', BARE], dir, /listening on (\S+)/);
      const b = await load(`${BARE_NAME}${tag}`, `${bare.url}/predict`, bare);
      results.push(b);
      bareFirst ??= b;
      await stop(bare.child);
      loopDelayOf(bare, b);
      if (baseline) {
        const before = await serveOnce(`mlpipe serve ${BASELINE} (logging on)${tag}`, baseline.cli, file, dir);
        results.push(before.m);
        console.log(`split ${BASELINE}${tag} (mean µs): ${splitText(before.metrics)}`);
      }
      const now = await serveOnce(`mlpipe serve (logging on)${tag}`, CLI, file, dir, round === 1 ? PROFILE : undefined);
      results.push(now.m);
      console.log(`split this build${tag} (mean µs): ${splitText(now.metrics)}`);
      mlpipe ??= now.m;
      if (LOGGING_OFF || PROCESSES > 1) {
        const off = await serveOnce(`mlpipe serve (logging off)${tag}`, CLI, unloggedFile(file), dir);
        results.push(off.m);
      }
      if (PROCESSES > 1) {
        // A multi-process mlpipe would keep one log writer; this measures only what N processes
        // answering /predict gain, so it serves without logging, against the same build's one process above.
        const bareN = await start(process.execPath, [CLUSTER, String(PROCESSES), bareScript(dir)], dir, /listening on (\S+)/);
        const bn = await load(`bare node:http x${PROCESSES} processes (cluster)${tag}`, `${bareN.url}/predict`, bareN);
        await stop(bareN.child);
        const many = await serveOnce(`mlpipe serve x${PROCESSES} processes (cluster, logging off)${tag}`, CLI, unloggedFile(file), dir, undefined, PROCESSES);
        results.push(bn, many.m);
      }
      lastMetrics = now.metrics;
      dropped = /^mlpipe_log_dropped_total (\S+)$/m.exec(now.metrics)?.[1];
      alerts = now.alerts;
      monitor = `drift evaluated every ${now.window} predictions over ${now.targets} targets`;
    }
    loadAverages.push(loadNow());

    let peer: Measured | null = null;
    if (!QUICK) {
      // The same server with prediction logging off, to show what the log costs.
      const unlogged = await start(process.execPath, [CLI, 'serve', unloggedFile(file), '--port', '0'], dir, /listening on (\S+)/);
      results.push(await load('mlpipe serve, logging off', `${unlogged.url}/predict`, unlogged));
      await stop(unlogged.child);

      const python = spawnSync('/usr/bin/python3', ['-c', 'import flask, sklearn'], { encoding: 'utf8' });
      const gunicorn = spawnSync('gunicorn', ['--version'], { encoding: 'utf8' });
      if (python.status === 0 && gunicorn.status === 0) {
        const port = 18000 + Math.floor(Math.random() * 1000);
        const g = await start('gunicorn', ['-w', '2', '--preload', '-b', `127.0.0.1:${port}`, 'serve_flask:app'], join(REPO, 'bench/peers'), /Listening at: (http:\/\/\S+)/);
        peer = await load('gunicorn -w 2 + Flask + scikit-learn', `${g.url}/predict`, g);
        results.push(peer);
        await stop(g.child);
      }
    }

    const base = bareFirst!;
    console.log(`autocannon: ${CONNECTIONS} connections${RATE ? `, ${RATE} requests/s offered` : ''}, ${SECONDS} s per server after 2 s of warm-up; latency percentiles over every 2xx response (client-side round trip, sub-millisecond)\n`);
    table(results, base);
    processTable(results);
    threadTable(results);
    gcTable(results);
    if (LOOP_DELAY) for (const r of results) if (r.loopDelay) console.log(`${r.name}: event-loop delay ${r.loopDelay}`);
    const m = mlpipe!;
    const ratio = m.rps / base.rps;
    console.log(`\nmachine load average during the run: ${loadAverages.join(' → ')} on ${availableParallelism()} CPUs (req/s and latency depend on it; CPU per request much less)`);
    console.log(`mlpipe vs bare node: ${ratio.toFixed(2)}x (target >= 0.5x: ${RATE ? `not judged, ${RATE} requests/s offered` : ratio >= 0.5 ? 'met' : 'MISSED'}); p99 ${ms(m.p99)} ms (target < 5 ms${CONNECTIONS === 32 ? '' : ', set at 32 connections; this run used ' + CONNECTIONS}: ${m.p99 < 5 ? 'met' : 'MISSED'}); log drops during the run: ${dropped}; drift alerts: ${alerts}`);
    if (!QUICK) {
      if (peer) console.log(`mlpipe vs gunicorn + Flask + scikit-learn: ${(m.rps / peer.rps).toFixed(1)}x the requests/s`);
      else console.log(`mlpipe vs gunicorn + Flask + scikit-learn: unavailable (not installed: apt-get install -y ${PEER_PACKAGES})`);
    }
    // What "logging on" means per request, so the ratio is read against the work it includes.
    console.log(`mlpipe serve (logging on), per request: the prediction (inputs, features, answer) written to a fresh SQLite log of its own on the log thread, in batches; ${monitor}; alerts recorded (on_drift = alert; this bench's few rows repeated drift): ${alerts} listed by /drift after the last server's run`);
    console.log(`\nlatency split inside mlpipe (mean µs per request): ${splitText(lastMetrics)}`);
    if (PROFILE) console.log(`CPU profile of this build's server: ${PROFILE}`);

    if (!QUICK) {
      const log = logBench(dir);
      console.log(`\nprediction log: ${Math.round(log.perSecond).toLocaleString('en')} predictions/s written (${log.n.toLocaleString('en')} in batches of 1,000); ${(log.bytesPerMillion / 2 ** 20).toFixed(0)} MiB per million predictions`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (baseline) rmSync(baseline.dir, { recursive: true, force: true });
  }
}

/** `--log`: the log part alone (no training, no servers), in a scratch folder. */
async function logOnly(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-log-'));
  try {
    const log = logBench(dir);
    const load1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    console.log(`prediction log: ${Math.round(log.perSecond).toLocaleString('en')} predictions/s written (${log.n.toLocaleString('en')} in batches of 1,000); ${(log.bytesPerMillion / 2 ** 20).toFixed(0)} MiB per million predictions (load average ${load1})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(flag('log') ? logOnly() : main()).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
