// A history file re-read while serving (prints, never asserts). `mlpipe serve` (the built CLI,
// as shipped) follows the churn example's orders.csv, once as it is (64k rows) and once ten
// times longer; each round appends a row and waits for the server's "reloaded" line. Printed per
// size: append to swapped (median), and the serving thread's event-loop delay over the rounds
// (bench/loopDelay.cjs, 1 ms resolution; an idle server, so its max is what a reload holds a
// request). Baseline, same run and file: the same read and index on the serving thread (the
// loader and buildHistoryIndex called inline in this process, as the server did before it used a
// history thread), with its event-loop delay sampled the same way.
// The server's swap includes its 100 ms debounce and the history thread's start.
// Run: npm run build && npx tsx bench/historyReload.ts [--rounds N]
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildHistoryIndex } from '../server/mlpipe/features/index.js';
import { loadHistoryTable } from '../server/backend/serve/historyFile.js';
import { loadServedModel } from '../server/backend/serve/served.js';
import { REPO, trainedProject } from './servedProject.js';
import { numberOption } from './argv.js';

const CLI = join(REPO, 'dist/cli.js');
const ROUNDS = numberOption('rounds', 5);

interface Row {
  path: string;
  rows: number;
  swapMs: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const appended = (k: number) => `BENCH${k},C00001,2025-03-30T00:00:00Z,5.00\n`;

async function served(file: string, orders: string, rows: number): Promise<Row> {
  const child = spawn(process.execPath, ['--require', join(REPO, 'bench/loopDelay.cjs'), CLI, 'serve', file, '--port', '0'], { env: { ...process.env, NO_COLOR: '1' } });
  let text = '';
  let waiting: { re: RegExp; from: number; done: (m: RegExpMatchArray) => void } | null = null;
  const look = () => {
    if (!waiting) return;
    const m = text.slice(waiting.from).match(waiting.re);
    if (m) {
      const w = waiting;
      waiting = null;
      w.done(m);
    }
  };
  const until = (re: RegExp) => new Promise<RegExpMatchArray>((done) => ((waiting = { re, from: text.length, done }), look()));
  const exited = new Promise<void>((resolve, reject) => child.on('exit', (code, signal) => (signal === 'SIGTERM' || code === 0 ? resolve() : reject(new Error(`serve exited with ${code ?? signal}: ${text.slice(-2000)}`)))));
  child.stdout.setEncoding('utf8').on('data', (d: string) => ((text += d), look()));
  child.stderr.setEncoding('utf8').on('data', (d: string) => ((text += d), look()));
  await Promise.race([until(/listening on/), exited]);
  child.kill('SIGUSR2'); // the delay from here on
  const swaps: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const line = until(/history table 'orders' reloaded[^\n]*\n|not reloaded[^\n]*\n/);
    const t = performance.now();
    appendFileSync(orders, appended(k));
    const m = await line;
    if (/not reloaded/.test(m[0])) throw new Error(m[0]);
    swaps.push(performance.now() - t);
    // Past the server's throttle (a file is not read again for as long as its last read took),
    // so each round times one read, not the wait behind the previous one.
    await new Promise((r) => setTimeout(r, swaps.at(-1)));
  }
  const delay = until(/event-loop delay: p50 [\d.]+ p99 ([\d.]+) max ([\d.]+) ms/);
  child.kill('SIGTERM');
  const d = await delay;
  await exited;
  return { path: 'mlpipe serve, history thread', rows, swapMs: median(swaps), p99DelayMs: Number(d[1]), maxDelayMs: Number(d[2]) };
}

async function inline(file: string, orders: string, rows: number): Promise<Row> {
  const model = await loadServedModel(file, { monitor: false });
  const h = model.historyFiles[0]!;
  const plan = model.run.plan;
  const only = { ...plan, nodes: plan.nodes.filter((n) => n.kind !== 'window' || n.table === h.table) };
  const swaps: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  for (let k = 0; k < ROUNDS; k++) {
    appendFileSync(orders, appended(k));
    const t = performance.now();
    const table = await loadHistoryTable(h, file, only);
    buildHistoryIndex(only, { tables: new Map([[h.table, table]]) });
    swaps.push(performance.now() - t);
    // A turn of the loop between rounds, so each round's hold is its own sample.
    await new Promise((r) => setTimeout(r, 20));
  }
  loop.disable();
  return { path: 'on the serving thread (baseline)', rows, swapMs: median(swaps), p99DelayMs: loop.percentile(99) / 1e6, maxDelayMs: loop.max / 1e6 };
}

async function main(): Promise<void> {
  const { dir, file } = await trainedProject('mlpipe-bench-reload-');
  const orders = join(dir, 'data/orders.csv');
  const original = readFileSync(orders, 'utf8');
  const body = original.slice(original.indexOf('\n') + 1);
  const out: Row[][] = [];
  try {
    for (const scale of [1, 10]) {
      writeFileSync(orders, original + body.repeat(scale - 1));
      const rows = readFileSync(orders, 'utf8').split('\n').length - 2;
      // The baseline first, then the server, then the baseline again: both see the same spell.
      const a = await inline(file, orders, rows);
      const s = await served(file, orders, rows);
      const b = await inline(file, orders, rows);
      out.push([s, { ...a, swapMs: median([a.swapMs, b.swapMs]), maxDelayMs: Math.max(a.maxDelayMs, b.maxDelayMs), p99DelayMs: Math.max(a.p99DelayMs, b.p99DelayMs) }]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${ROUNDS} appends per size; swap: append to the new index serving (the server's includes its 100 ms debounce)`);
  console.log('| history rows | path | append to swapped, median ms | event-loop delay p99 / max ms | max delay vs baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [s, base] of out) {
    for (const r of [s, base]) console.log(`| ${r.rows.toLocaleString('en-US')} | ${r.path} | ${r.swapMs.toFixed(0)} | ${r.p99DelayMs.toFixed(1)} / ${r.maxDelayMs.toFixed(1)} | ${r === s ? `${(s.maxDelayMs / base.maxDelayMs).toFixed(2)}x` : '1.00x'} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
