/**
 * Training benchmark: a 100k x 20 dense MLP 64-32-1 (batch 512, Adam, binary) per epoch on each
 * tfjs backend, next to PyTorch and scikit-learn on the same data file in the same run.
 *
 *   npx tsx bench/train/index.ts [--epochs N] [--rows N] [--cols N] [--backends cpu,wasm,webgpu]
 *                                [--no-fit] [--no-peers] [--hardware-only] [--out FILE]
 *
 * Each measurement runs in its own process, one at a time. The first epoch is a warm-up; the
 * figure is the median of the others. `fit` rows are tf.LayersModel.fit on the same network:
 * the "before" to mlpipe's training loop's "after". WebGPU may use a software adapter
 * (llvmpipe) unless --hardware-only. Peers need Debian's python3-torch and python3-sklearn.
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

interface Options {
  epochs: number;
  rows: number;
  cols: number;
  backends: string[];
  fit: boolean;
  peers: boolean;
  hardwareOnly: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { epochs: 3, rows: 100_000, cols: 20, backends: ['cpu', 'wasm', 'webgpu'], fit: true, peers: true, hardwareOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--epochs') o.epochs = Number(value());
    else if (a === '--rows') o.rows = Number(value());
    else if (a === '--cols') o.cols = Number(value());
    else if (a === '--backends') o.backends = value().split(',');
    else if (a === '--no-fit') o.fit = false;
    else if (a === '--no-peers') o.peers = false;
    else if (a === '--hardware-only') o.hardwareOnly = true;
    else if (a === '--out') o.out = value();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.epochs >= 2)) throw new Error('--epochs must be at least 2 (one warm-up, one timed)');
  return o;
}

interface Row {
  label: string;
  secondsPerEpoch?: number;
  epochSeconds?: number[];
  note?: string;
  hash?: string;
  /** The row the ratios are relative to. */
  reference?: boolean;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const timed = (epochSeconds: number[]): number => median(epochSeconds.length > 1 ? epochSeconds.slice(1) : epochSeconds);

function firstLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string; killed?: boolean; signal?: string };
  if (err.killed) return `timed out (${err.signal})`;
  const text = (err.stderr && err.stderr.trim()) || err.message || String(e);
  const lines = text.split('\n');
  const best = lines.find((l) => /no usable backend/.test(l)) ?? lines.find((l) => /Error/.test(l)) ?? lines[0];
  return best.trim().slice(0, 300);
}

async function tfjs(backend: string, mode: 'loop' | 'fit', file: string, o: Options, env: NodeJS.ProcessEnv): Promise<Row> {
  const label = `tfjs ${backend}${mode === 'fit' ? ' (model.fit, before)' : ''}`;
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), backend === 'webgpu' ? 'gpu' : backend, mode, file, String(o.rows), String(o.cols), String(o.epochs)], {
      cwd: root,
      env,
      timeout: (o.epochs * 120 + 60) * 1000,
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { backend: string; adapter?: string; epochSeconds: number[]; hash?: string };
    if (backend === 'webgpu' && r.backend !== 'webgpu') return { label, note: `skipped: the GPU found is ${r.backend}` };
    return { label: r.adapter ? `${label} [${r.adapter}]` : label, secondsPerEpoch: timed(r.epochSeconds), epochSeconds: r.epochSeconds, hash: r.hash };
  } catch (e) {
    return { label, note: `skipped: ${firstLine(e)}` };
  }
}

async function peer(kind: 'torch' | 'sklearn', threads: number, file: string, o: Options): Promise<Row> {
  const python = '/usr/bin/python3';
  const label = kind === 'torch' ? `PyTorch (${threads === 1 ? '1 thread' : threads < 0 ? 'all cores' : 'default threads'})` : 'scikit-learn MLPClassifier';
  if (!existsSync(python)) return { label, note: `skipped: ${python} not found` };
  try {
    const { stdout } = await run(python, [join(here, 'peers.py'), kind, String(threads), file, String(o.rows), String(o.cols), String(o.epochs)], {
      timeout: (o.epochs * 120 + 60) * 1000,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { missing?: string; peer?: string; version?: string; epochSeconds?: number[] };
    if (r.missing) return { label, note: `skipped: not installed (apt-get install -y ${r.missing})` };
    return { label: `${r.peer} ${r.version}`, secondsPerEpoch: timed(r.epochSeconds!), epochSeconds: r.epochSeconds, reference: kind === 'torch' && threads === 1 };
  } catch (e) {
    return { label, note: `skipped: ${firstLine(e)}` };
  }
}

function table(rows: Row[], reference?: number): string {
  const header = ['backend', 's/epoch', 'ratio vs torch (1 thread)'];
  const body = rows.map((r) => [
    r.label,
    r.secondsPerEpoch === undefined ? '-' : r.secondsPerEpoch.toFixed(3),
    r.secondsPerEpoch === undefined || reference === undefined ? (r.note ?? '-') : `${(r.secondsPerEpoch / reference).toFixed(1)}x${r.note ? ` ${r.note}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-train-'));
  const file = join(dir, 'data.f32');
  try {
    writeData(file, makeData(o.rows, o.cols, 20261128));
    console.log(`data: ${o.rows} x ${o.cols} float32, seed 20261128 (${file}); ${o.epochs} epochs, first is warm-up; ${cpus().length} cores`);
    const rows: Row[] = [];
    const say = (r: Row) => {
      rows.push(r);
      console.log(`  ${r.label}: ${r.secondsPerEpoch === undefined ? r.note : `${r.secondsPerEpoch.toFixed(3)} s/epoch (${r.epochSeconds!.map((s) => s.toFixed(2)).join(', ')})`}`);
    };
    if (o.peers) {
      say(await peer('torch', 1, file, o));
      say(await peer('torch', -1, file, o));
      say(await peer('sklearn', 0, file, o));
    }
    let wasmHash: string | undefined;
    for (const backend of o.backends) {
      const env = { ...process.env };
      if (backend === 'webgpu' && !o.hardwareOnly) env.MLPIPE_WEBGPU_ALLOW_SOFTWARE = '1';
      const loop = await tfjs(backend, 'loop', file, o, env);
      say(loop);
      if (backend === 'wasm') wasmHash = loop.hash;
      if (o.fit && backend !== 'webgpu' && loop.secondsPerEpoch !== undefined) say(await tfjs(backend, 'fit', file, o, env));
    }
    let reproducible = 'not measured (no wasm run)';
    if (wasmHash) {
      const again = await tfjs('wasm', 'loop', file, o, process.env);
      reproducible = again.hash === wasmHash ? `yes: two wasm processes, same seed, identical weights (${wasmHash.slice(0, 23)}...)` : `NO: ${wasmHash} vs ${again.hash}`;
    }
    const torch1 = rows.find((r) => r.reference)?.secondsPerEpoch;
    console.log('\n' + table(rows, torch1));
    console.log(`weights-hash reproducibility: ${reproducible}`);
    const out = o.out ?? join(root, 'bench/results', `train-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(out, JSON.stringify({ options: o, rows, reproducible, torchReference: torch1 }, null, 1) + '\n');
    console.log(`results: ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
