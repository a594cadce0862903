// Does the log thread's burst set the serving p99? One server per variant, autocannon at 32
// connections on single-row /predict (bench/serve.ts's bodies), and for each run:
//  - every 2xx response's start and end on the machine's monotonic clock, laid against the log
//    thread's spans (the server runs with MLPIPE_LOG_TRACE: logThreadTrace.ts): the p99 of the
//    responses that overlapped a batch's write against those that did not, and the share of the
//    slowest 1% that overlapped one against the share of all responses;
//  - per thread of the server, from /proc (schedstat: CPU and run-queue wait; status: switches),
//    over the measured seconds: what load moves less than wall time;
//  - the serving thread's event-loop delay (bench/loopDelay.cjs).
// Variants (--variants, comma-separated, run in that order in every round):
//   off     logging off (log_predictions = false): no log thread at all;
//   nice10  logging on as shipped (logThread.ts sets nice 10);
//   nice19  logging on, the log thread reniced to 19 from here once it has started;
//   idle    logging on, the log thread put in SCHED_IDLE from here (`chrt -i -p 0 TID`, util-linux).
// Run: npm run build && npx tsx bench/log/tail.ts [--seconds 8] [--rounds 2]
//      [--variants off,nice10,nice19,idle] [--connections 32] [--dir TRAINED_PROJECT]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { logPath } from '../../server/backend/serve/log.js';
import type { LogTraceFile } from '../../server/backend/serve/logThreadTrace.js';
import { REPO, trainedProject } from '../servedProject.js';
import { churnBodies } from './churnBodies.js';
import { schedFigures, type SchedFigures } from './schedTrace.js';
import { unloggedFile } from './unlogged.js';
import { flag, numberOption, option } from '../argv.js';

const SECONDS = numberOption('seconds', 8);
const ROUNDS = numberOption('rounds', 2);
const CONNECTIONS = numberOption('connections', 32);
const VARIANTS = option('variants', 'off,nice10,nice19,idle').split(',');
const PERF = flag('perf');
const CLI = join(REPO, 'dist/cli.js');
const LOOP_DELAY = join(REPO, 'bench/loopDelay.cjs');
const autocannon = createRequire(__filename)('autocannon') as (o: object) => NodeJS.EventEmitter & PromiseLike<{ requests: { average: number; total: number }; errors: number; non2xx: number }>;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

interface ThreadStat {
  runNs: number;
  waitNs: number;
  slices: number;
  involuntary: number;
  voluntary: number;
}

function threadStats(pid: number): Map<number, ThreadStat> {
  const out = new Map<number, ThreadStat>();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').trim().split(' ').map(Number);
      const status = readFileSync(`/proc/${pid}/task/${t}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      out.set(Number(t), { runNs: run, waitNs: wait, slices, involuntary: field('nonvoluntary_ctxt_switches'), voluntary: field('voluntary_ctxt_switches') });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

function diff(a: ThreadStat | undefined, b: ThreadStat): ThreadStat {
  const z = a ?? { runNs: 0, waitNs: 0, slices: 0, involuntary: 0, voluntary: 0 };
  return { runNs: b.runNs - z.runNs, waitNs: b.waitNs - z.waitNs, slices: b.slices - z.slices, involuntary: b.involuntary - z.involuntary, voluntary: b.voluntary - z.voluntary };
}

function started(child: ChildProcess): Promise<{ url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    let found = false;
    const look = (d: Buffer) => {
      text += d.toString();
      const m = /listening on (\S+)/.exec(text);
      if (m && !found) {
        found = true;
        resolve({ url: m[1], output: () => text });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${text.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Responses as [start ms, end ms] on the monotonic clock, in the order they ended. */
async function hammer(url: string, seconds: number, bodies: Array<{ body: string }>): Promise<{ spans: Float64Array; n: number; rps: number; errors: number }> {
  let spans = new Float64Array(1 << 18);
  let n = 0;
  const run = autocannon({ url, connections: CONNECTIONS, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, requests: bodies });
  run.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    if (status < 200 || status >= 300) return;
    if (2 * n + 2 > spans.length) {
      const grown = new Float64Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    const end = nowMs();
    spans[2 * n] = end - ms;
    spans[2 * n + 1] = end;
    n++;
  });
  const r = await run;
  return { spans, n, rps: r.requests.average, errors: r.errors + r.non2xx };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9))) - 1];
}

/** Whether [s, e] overlaps one of the (sorted, disjoint) spans: the last span starting by e must end at or after s. */
function overlaps(starts: Float64Array, ends: Float64Array, s: number, e: number): boolean {
  let lo = 0;
  let hi = starts.length; // first span starting after e
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= e) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && ends[lo - 1] >= s;
}

interface Row {
  variant: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The log's dropped count at the end of the run (metrics), '-' without a log. */
  dropped: string;
  /** ms from the end of the load until the log's queue was empty. */
  catchUpMs: number;
  applied: string;
  main: ThreadStat;
  log: ThreadStat | null;
  rest: ThreadStat;
  requests: number;
  loopDelay: string;
  /** With a trace: batches in the window, their mean and longest ms, the share of the window they cover. */
  batches?: { count: number; meanMs: number; maxMs: number; duty: number; predictions: number };
  /** With a trace: p99 of the responses that overlapped a batch, of those that did not, and the share of each group. */
  overlap?: { p99In: number; p99Out: number; shareAll: number; shareSlowest: number };
  sched?: SchedFigures;
}

/** `perf record` of the scheduler's switches and wake-ups on every CPU, on the monotonic clock; stop() ends it. */
function recordSched(file: string): { stop: () => Promise<void> } {
  const child = spawn('perf', ['record', '-q', '-k', 'CLOCK_MONOTONIC', '-e', 'sched:sched_switch', '-e', 'sched:sched_wakeup', '-a', '-o', file], { stdio: 'ignore' });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/** Servers started and not yet exited: a run that fails part-way must not leave one serving. */
const live = new Set<ChildProcess>();

async function runOnce(variant: string, round: number, dir: string, file: string, bodies: Array<{ body: string }>): Promise<Row> {
  for (const s of ['', '-wal', '-shm']) rmSync(logPath(dir) + s, { force: true });
  const trace = join(dir, `trace-${variant}-${round}.json`);
  rmSync(trace, { force: true });
  const served = variant === 'off' ? unloggedFile(file) : file;
  const child = spawn(process.execPath, ['--require', LOOP_DELAY, CLI, 'serve', served, '--port', '0'], { cwd: dir, env: { ...process.env, ...(variant === 'off' ? {} : { MLPIPE_LOG_TRACE: trace }) } });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const { url, output } = await started(child);
  const pid = child.pid!;
  let applied = variant === 'off' ? 'no log thread' : 'nice 10 (as shipped)';
  let tid = 0;
  if (variant !== 'off') {
    // The trace file appears as the log thread starts; the server listens after starting it, so it is there.
    // (read until whole: the thread may be writing it as this looks)
    for (let i = 0; i < 250 && tid === 0; i++) {
      try {
        tid = (JSON.parse(readFileSync(trace, 'utf8')) as LogTraceFile).tid;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    if (tid === 0) throw new Error(`the log thread wrote no trace at ${trace}`);
    if (variant === 'nice19') {
      setPriority(tid, 19);
      applied = 'nice 19';
    } else if (variant === 'idle') {
      const r = spawnSync('chrt', ['-i', '-p', '0', String(tid)], { encoding: 'utf8' });
      const now = spawnSync('chrt', ['-p', String(tid)], { encoding: 'utf8' }).stdout ?? '';
      applied = r.status === 0 && /SCHED_IDLE/.test(now) ? 'SCHED_IDLE' : `SCHED_IDLE refused (${(r.stderr || r.error?.message || '').trim()}): nice 10`;
    }
  }
  await hammer(`${url}/predict`, 2, bodies);
  child.kill('SIGUSR2'); // loopDelay.cjs forgets the warm-up
  const perfFile = join(dir, `sched-${variant}-${round}.data`);
  const perf = PERF ? recordSched(perfFile) : null;
  if (perf) await new Promise((r) => setTimeout(r, 300)); // perf opens its events
  const t0 = threadStats(pid);
  const w0 = nowMs();
  const got = await hammer(`${url}/predict`, SECONDS, bodies);
  const w1 = nowMs();
  await perf?.stop();
  const t1 = threadStats(pid);
  let metrics = await (await fetch(`${url}/metrics`)).text();
  // The log catches up before the server stops (a stop with a backlog may end before the thread
  // writes its trace): how long that took says whether the log kept up.
  const depth = () => Number(/^mlpipe_log_queue_depth (\S+)$/m.exec(metrics)?.[1] ?? 0);
  const c0 = nowMs();
  while (variant !== 'off' && depth() > 0 && nowMs() - c0 < 60_000) {
    await new Promise((r) => setTimeout(r, 20));
    metrics = await (await fetch(`${url}/metrics`)).text();
  }
  const catchUpMs = variant === 'off' ? NaN : nowMs() - c0;
  const dropped = variant === 'off' ? '-' : (/^mlpipe_log_dropped_total (\S+)$/m.exec(metrics)?.[1] ?? 'n/a');
  await stop(child);
  const loopDelay = /event-loop delay: (.*)/.exec(output())?.[1] ?? 'n/a';

  const zero: ThreadStat = { runNs: 0, waitNs: 0, slices: 0, involuntary: 0, voluntary: 0 };
  const rest = { ...zero };
  let log: ThreadStat | null = null;
  for (const [t, s] of t1) {
    if (t === pid) continue;
    const d = diff(t0.get(t), s);
    if (t === tid) log = d;
    else for (const k of Object.keys(rest) as Array<keyof ThreadStat>) rest[k] += d[k];
  }
  const durations = new Float64Array(got.n);
  for (let i = 0; i < got.n; i++) durations[i] = got.spans[2 * i + 1] - got.spans[2 * i];
  const sorted = durations.slice().sort();
  const row: Row = { variant, round, rps: got.rps, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: got.errors, dropped, catchUpMs, applied, main: diff(t0.get(pid), t1.get(pid)!), log, rest, requests: got.n, loopDelay };

  if (variant !== 'off') {
    const all = (JSON.parse(readFileSync(trace, 'utf8')) as LogTraceFile).spans.filter(([s, e, n]) => n > 0 && e >= w0 && s <= w1);
    const starts = Float64Array.from(all, (x) => x[0]);
    const ends = Float64Array.from(all, (x) => x[1]);
    const lengths = all.map(([s, e]) => e - s);
    const covered = all.reduce((a, [s, e]) => a + Math.min(e, w1) - Math.max(s, w0), 0);
    row.batches = { count: all.length, meanMs: lengths.reduce((a, b) => a + b, 0) / Math.max(1, all.length), maxMs: Math.max(0, ...lengths), duty: covered / (w1 - w0), predictions: all.reduce((a, x) => a + x[2], 0) };
    const slowest = row.p99;
    const inside: number[] = [];
    const outside: number[] = [];
    let slowIn = 0;
    let slow = 0;
    for (let i = 0; i < got.n; i++) {
      const hit = overlaps(starts, ends, got.spans[2 * i], got.spans[2 * i + 1]);
      (hit ? inside : outside).push(durations[i]);
      if (durations[i] >= slowest) {
        slow++;
        if (hit) slowIn++;
      }
    }
    const p99of = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 99);
    row.overlap = { p99In: p99of(inside), p99Out: p99of(outside), shareAll: inside.length / got.n, shareSlowest: slowIn / Math.max(1, slow) };
  }
  if (perf) {
    const text = spawnSync('perf', ['script', '-i', perfFile, '-F', 'time,event,trace'], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout ?? '';
    row.sched = schedFigures(text, pid, tid, w0, w1);
    rmSync(perfFile, { force: true });
  }
  rmSync(trace, { force: true });
  return row;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build first');
  const given = option('dir', '');
  const { dir, file } = given ? { dir: given, file: join(given, 'churn.mlpipe') } : await trainedProject('mlpipe-bench-tail-');
  const bodies = churnBodies(dir);
  const loads: string[] = [];
  const rows: Row[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const v of VARIANTS) {
        loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
        rows.push(await runOnce(v, round, dir, file, bodies));
      }
    }
  } finally {
    for (const c of live) c.kill('SIGKILL');
    if (!given) rmSync(dir, { recursive: true, force: true });
  }
  const us = (ns: number, n: number) => (ns / 1e3 / n).toFixed(1);
  console.log(`autocannon ${CONNECTIONS} connections, ${SECONDS} s per server after 2 s of warm-up; load average before each run: ${loads.join(', ')} (2 CPUs)\n`);
  console.log('| variant | round | log thread | req/s | p50 ms | p99 ms | serving thread CPU µs/req | serving thread run-queue wait µs/req | serving thread preempted /1k req | log thread CPU µs/req | log thread wait µs/req | other threads CPU µs/req | log dropped | log caught up after ms | event-loop delay |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    const n = r.requests;
    console.log(`| ${r.variant} | ${r.round} | ${r.applied} | ${Math.round(r.rps)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${us(r.main.runNs, n)} | ${us(r.main.waitNs, n)} | ${((r.main.involuntary / n) * 1000).toFixed(1)} | ${r.log ? us(r.log.runNs, n) : '-'} | ${r.log ? us(r.log.waitNs, n) : '-'} | ${us(r.rest.runNs, n)} | ${r.dropped} | ${Number.isNaN(r.catchUpMs) ? '-' : r.catchUpMs.toFixed(0)} | ${r.loopDelay} |`);
  }
  console.log('\n| variant | round | batches | mean ms | longest ms | share of the window in a batch | predictions logged / responses | p99 overlapping a batch | p99 not overlapping | share of all responses overlapping | share of the slowest 1% overlapping |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    if (!r.batches || !r.overlap) continue;
    const b = r.batches;
    const o = r.overlap;
    console.log(`| ${r.variant} | ${r.round} | ${b.count} | ${b.meanMs.toFixed(2)} | ${b.maxMs.toFixed(2)} | ${(b.duty * 100).toFixed(1)}% | ${(b.predictions / r.requests).toFixed(3)} | ${o.p99In.toFixed(2)} | ${o.p99Out.toFixed(2)} | ${(o.shareAll * 100).toFixed(1)}% | ${(o.shareSlowest * 100).toFixed(1)}% |`);
  }
  if (PERF) {
    console.log('\n| variant | round | serving thread waits /1k req | its wait µs/req | of which the log thread was running µs/req | preempted /1k req | of those, straight to the log thread | waits ≥ 1 ms | of those, with the log thread running | log thread ran ms/s |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const f = r.sched;
      if (!f) continue;
      const n = r.requests;
      console.log(`| ${r.variant} | ${r.round} | ${((f.waits / n) * 1000).toFixed(0)} | ${((f.waitMs * 1000) / n).toFixed(1)} | ${((f.waitWhileLogRanMs * 1000) / n).toFixed(1)} | ${((f.preempted / n) * 1000).toFixed(1)} | ${f.preemptedByLog} | ${f.longWaits} | ${f.longWaitsWithLog} | ${(f.logRanMs / SECONDS).toFixed(1)} |`);
    }
  }
  const errors = rows.reduce((a, r) => a + r.errors, 0);
  if (errors > 0) console.log(`\nerrors or non-2xx responses: ${errors}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
