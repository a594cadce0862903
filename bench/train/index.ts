/**
 * Training benchmark: a dense MLP (batch 512, Adam, binary) per epoch on mlpipe's backends next to
 * PyTorch (one thread, and all cores) and scikit-learn on the same data file, in the same run.
 * Two shapes by default: `small` 100k x 20 with layers 64-32, and `wide` 200k x 50 with layers
 * 256-128 (the issue's 1M rows cost ~250 GFLOP an epoch: `--wide-rows 1000000` on a quiet machine).
 *
 *   npx tsx bench/train/index.ts [--shapes small,wide] [--epochs N] [--backends wasm,cpu,webgpu]
 *                                [--threads N] [--wide-rows N] [--no-peers] [--hardware-only] [--out FILE]
 *
 * Each measurement runs in its own process, one at a time. The first epoch is a warm-up; the
 * figure is the median of the others, in wall time and in the process's CPU time (on a shared
 * machine the CPU time is the fairer single-thread figure). Ratios are ours / PyTorch's at the
 * same thread count, from the same run: below 1 means faster than PyTorch. A peer that is not
 * installed prints the command that installs it and no ratio. Peak memory is the process's
 * maximum resident set. The tfjs `cpu` backend trains on a quarter of the rows (it is ~20x
 * slower) and says so. `webgpu` is mlpipe's own WGSL engine (server/backend/train/gpu/); it may use a
 * software adapter (llvmpipe) on the small shape unless --hardware-only (a correctness figure, not
 * a speed one), and only a hardware adapter on the wide shape (llvmpipe would take many minutes).
 * Its speed-up over the wasm engine is printed against the issue's targets (5x small, 20x wide).
 * A wasm row says `[native gemm]` when its matrix product ran in the native AVX2+FMA kernel
 * (dist/native/, built by scripts/build-native.mjs); the backend `wasm-kernel` runs the same engine
 * with MLPIPE_NATIVE_GEMM=0 (the WebAssembly kernel), to compare the two in one run: their weights
 * must be identical, and the run says so.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { makeData, writeData } from './data.js';

const run = promisify(execFile);
const here = __dirname;
const root = resolve(here, '../..');
const PEERS_SETUP = 'apt-get install -y python3-torch python3-sklearn';

interface Shape {
  name: string;
  rows: number;
  cols: number;
  layers: number[];
}

interface Options {
  shapes: string[];
  epochs: number;
  backends: string[];
  threads: number;
  wideRows: number;
  peers: boolean;
  hardwareOnly: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const all = cpus().length;
  const o: Options = { shapes: ['small', 'wide'], epochs: 3, backends: ['wasm', 'cpu', 'webgpu'], threads: all, wideRows: 200_000, peers: true, hardwareOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--epochs') o.epochs = Number(value());
    else if (a === '--shapes') o.shapes = value().split(',');
    else if (a === '--backends') o.backends = value().split(',');
    else if (a === '--threads') o.threads = Number(value());
    else if (a === '--wide-rows') o.wideRows = Number(value());
    else if (a === '--no-peers') o.peers = false;
    else if (a === '--hardware-only') o.hardwareOnly = true;
    else if (a === '--out') o.out = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.epochs >= 2)) throw new Error('--epochs must be at least 2 (one warm-up, one timed)');
  return o;
}

const SHAPES = (o: Options): Record<string, Shape> => ({
  small: { name: 'small', rows: 100_000, cols: 20, layers: [64, 32] },
  wide: { name: 'wide', rows: o.wideRows, cols: 50, layers: [256, 128] },
});

interface Row {
  label: string;
  threads: number;
  wall?: number;
  cpu?: number;
  maxRssMb?: number;
  /** Peak minus the resident size once the code was loaded (mlpipe rows). */
  growthMb?: number;
  epochSeconds?: number[];
  note?: string;
  hash?: string;
  peer?: boolean;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const timed = (seconds: number[]): number => median(seconds.length > 1 ? seconds.slice(1) : seconds);

function firstLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string; killed?: boolean; signal?: string };
  if (err.killed) return `timed out (${err.signal})`;
  const text = (err.stderr && err.stderr.trim()) || err.message || String(e);
  const lines = text.split('\n');
  const best = lines.find((l) => /no usable backend/.test(l)) ?? lines.find((l) => /Error/.test(l)) ?? lines[0];
  return best.trim().slice(0, 300);
}

interface Measured {
  backend?: string;
  engine?: string;
  adapter?: string;
  threads: number;
  epochSeconds: number[];
  cpuSeconds: number[];
  maxRssKb: number;
  startRssKb?: number;
  hash?: string;
  peer?: string;
  version?: string;
  missing?: string;
}

async function measure(command: string, args: string[], epochs: number, env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const { stdout } = await run(command, args, { cwd: root, env, timeout: (epochs * 600 + 120) * 1000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

function rowOf(label: string, r: Measured, scale = 1): Row {
  return {
    label,
    threads: r.threads,
    wall: timed(r.epochSeconds) * scale,
    cpu: timed(r.cpuSeconds) * scale,
    maxRssMb: r.maxRssKb / 1024,
    growthMb: r.startRssKb === undefined ? undefined : (r.maxRssKb - r.startRssKb) / 1024,
    epochSeconds: r.epochSeconds,
    hash: r.hash,
  };
}

async function ours(backend: string, file: string, shape: Shape, o: Options, threads?: number): Promise<Row> {
  const quarter = backend === 'cpu';
  const rows = quarter ? Math.floor(shape.rows / 4) : shape.rows;
  const label = `mlpipe ${backend === 'wasm-kernel' ? 'wasm [WebAssembly gemm]' : backend}${threads && threads > 1 ? ` (${threads} threads)` : ''}${quarter ? ` (${rows} rows, x4)` : ''}`;
  const env = { ...process.env };
  if (backend === 'wasm-kernel') {
    env.MLPIPE_NATIVE_GEMM = '0';
    backend = 'wasm';
  }
  delete env.MLPIPE_WEBGPU_ALLOW_SOFTWARE;
  if (backend === 'webgpu' && !o.hardwareOnly && shape.name === 'small') env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';
  try {
    // The data file's first `rows` rows are a valid smaller data set only for x; the worker reads
    // the labels from the end, so a quarter run gets its own file.
    const r = await measure(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), backend === 'webgpu' ? 'gpu' : backend, quarter ? `${file}.quarter` : file, String(rows), String(shape.cols), String(o.epochs), shape.layers.join(','), ...(threads ? [String(threads)] : [])], o.epochs, env);
    if (backend === 'webgpu' && r.backend !== 'webgpu') return { label, threads: 1, note: `skipped: the GPU found is ${r.backend}` };
    const native = /matrix product native/.test(r.engine ?? '') ? ' [native gemm]' : '';
    return rowOf(r.adapter ? `${label} [${r.adapter}]` : label + native, r, quarter ? 4 : 1);
  } catch (e) {
    return { label, threads: threads ?? 1, note: `skipped: ${firstLine(e)}` };
  }
}

async function peer(kind: 'torch' | 'sklearn', threads: number, file: string, shape: Shape, o: Options): Promise<Row> {
  const python = '/usr/bin/python3';
  const label = kind === 'torch' ? `PyTorch (${threads === 1 ? '1 thread' : 'all cores'})` : 'scikit-learn MLPClassifier';
  const missing = (pkg: string): Row => ({ label, threads, peer: true, note: `unavailable: not installed; run '${PEERS_SETUP}' (needs ${pkg})` });
  if (!existsSync(python)) return missing('/usr/bin/python3');
  try {
    // torch.set_num_threads sizes only PyTorch's own pool: the BLAS under it (Debian's OpenBLAS) and
    // OpenMP start one thread per core at import unless told otherwise, so a '1 thread' PyTorch used
    // two cores (1M x 50 on a quiet machine: 3.9 s wall, 7.7 s CPU an epoch) and 'all cores' ran
    // twice as many threads as cores. The same count for every pool makes the thread count true.
    // OMP_WAIT_POLICY=PASSIVE: with the default, OpenMP's idle threads spin between PyTorch's
    // parallel regions and fight the working ones for the cores, so two threads took 4x one
    // thread's time (100k x 50, 256-128, quiet: 2.06 s wall / 4.09 CPU against 0.97 for one);
    // passive, two threads take 0.55 s. A peer slowed by its own setup is no baseline.
    const pool = String(threads > 0 ? threads : cpus().length);
    const env = { ...process.env, OMP_NUM_THREADS: pool, OPENBLAS_NUM_THREADS: pool, MKL_NUM_THREADS: pool, OMP_WAIT_POLICY: 'PASSIVE' };
    const r = await measure(python, [join(here, 'peers.py'), kind, String(threads), file, String(shape.rows), String(shape.cols), String(o.epochs), shape.layers.join(',')], o.epochs, env);
    if (r.missing) return missing(r.missing);
    return { ...rowOf(`${r.peer} ${r.version}${kind === 'torch' ? ` (${r.threads} thread${r.threads > 1 ? 's' : ''})` : ''}`, r), peer: true };
  } catch (e) {
    return { label, threads, peer: true, note: `unavailable: ${firstLine(e)}` };
  }
}

function ratio(r: Row, rows: Row[]): string {
  if (r.peer || r.wall === undefined) return '';
  const torch = rows.find((p) => p.peer && p.label.startsWith('PyTorch') && p.threads === r.threads && p.wall !== undefined);
  if (!torch) return `unavailable (no PyTorch at ${r.threads} thread${r.threads > 1 ? 's' : ''})`;
  return `${(r.wall / torch.wall!).toFixed(2)}x wall, ${(r.cpu! / torch.cpu!).toFixed(2)}x cpu`;
}

function table(rows: Row[]): string {
  const header = ['engine', 'threads', 's/epoch (wall)', 's/epoch (cpu)', 'peak RSS MB (over start)', 'vs PyTorch, same threads'];
  const body = rows.map((r) => [
    r.label,
    String(r.threads || '-'),
    r.wall === undefined ? '-' : r.wall.toFixed(3),
    r.cpu === undefined ? '-' : r.cpu.toFixed(3),
    r.maxRssMb === undefined ? '-' : `${r.maxRssMb.toFixed(0)}${r.growthMb === undefined ? '' : ` (+${r.growthMb.toFixed(0)})`}`,
    r.wall === undefined ? r.note ?? '-' : ratio(r, rows),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...body.map(line)].join('\n');
}

async function benchShape(shape: Shape, o: Options, dir: string): Promise<{ shape: Shape; rows: Row[]; reproducible: string }> {
  const file = join(dir, `${shape.name}.f32`);
  writeData(file, makeData(shape.rows, shape.cols, 20261128));
  writeData(`${file}.quarter`, makeData(Math.floor(shape.rows / 4), shape.cols, 20261128));
  const dataMb = (shape.rows * (shape.cols + 1) * 4) / 2 ** 20;
  console.log(`\n### ${shape.name}: ${shape.rows} x ${shape.cols}, layers ${shape.layers.join('-')}-1, batch 512, Adam; ${o.epochs} epochs, first is warm-up; ${cpus().length} cores; data ${dataMb.toFixed(0)} MB as float32`);
  const rows: Row[] = [];
  const say = (r: Row) => {
    rows.push(r);
    console.log(`  ${r.label}: ${r.wall === undefined ? r.note : `${r.wall.toFixed(3)} s/epoch wall, ${r.cpu!.toFixed(3)} cpu, peak ${r.maxRssMb!.toFixed(0)} MB (${r.epochSeconds!.map((s) => s.toFixed(2)).join(', ')})`}`);
  };
  if (o.peers) {
    say(await peer('torch', 1, file, shape, o));
    if (o.threads > 1) say(await peer('torch', -1, file, shape, o));
    if (shape.name === 'small') say(await peer('sklearn', 0, file, shape, o));
  }
  let wasm: Row | undefined;
  let wasmAll: Row | undefined;
  let wasmKernel: Row | undefined;
  let gpu: Row | undefined;
  for (const backend of o.backends) {
    if (backend === 'cpu' && shape.name !== 'small') continue;
    const r = await ours(backend, file, shape, o);
    say(r);
    if (backend === 'webgpu') gpu = r;
    if (backend === 'wasm') {
      wasm = r;
      if (o.threads > 1) say((wasmAll = await ours('wasm', file, shape, o, o.threads)));
    }
    if (backend === 'wasm-kernel') {
      wasmKernel = r;
      if (o.threads > 1) say(await ours('wasm-kernel', file, shape, o, o.threads));
    }
  }
  let reproducible = 'not measured (no wasm run)';
  if (wasm?.hash) {
    const again = await ours('wasm', file, shape, o);
    reproducible = again.hash === wasm.hash ? `yes: two wasm processes, same seed, identical weights (${wasm.hash.slice(0, 23)}...)` : `NO: ${wasm.hash} vs ${again.hash}`;
  }
  console.log('\n' + table(rows));
  console.log(`weights-hash reproducibility: ${reproducible}`);
  if (wasm?.hash && wasmKernel?.hash) console.log(`native and WebAssembly gemm: ${wasmKernel.hash === wasm.hash ? 'identical weights' : `DIFFERENT weights (${wasm.hash} vs ${wasmKernel.hash})`}`);
  if (gpu?.wall !== undefined) {
    const target = shape.name === 'small' ? 5 : 20;
    const software = /llvmpipe|lavapipe|swiftshader/i.test(gpu.label);
    const vs = [wasm, wasmAll].filter((w): w is Row => w?.wall !== undefined).map((w) => `${(w.wall! / gpu!.wall!).toFixed(2)}x over wasm at ${w.threads} thread${w.threads > 1 ? 's' : ''}`);
    console.log(`webgpu speed-up: ${vs.join(', ') || 'no wasm figure'} (target ${target}x on a real GPU${software ? '; this adapter is software, so a correctness figure only' : ''})`);
  }
  return { shape, rows, reproducible };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-train-'));
  try {
    const shapes = SHAPES(o);
    const results = [];
    for (const name of o.shapes) {
      const shape = shapes[name];
      if (!shape) throw new Error(`unknown shape ${name} (small, wide)`);
      results.push(await benchShape(shape, o, dir));
    }
    const out = o.out ?? join(root, 'bench/results', `train-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(out, JSON.stringify({ options: o, results }, null, 1) + '\n');
    console.log(`\nresults: ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
