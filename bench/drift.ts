// Drift report of 20 columns, 1,000,000 reference and 100,000 live values each, against NumPy and
// SciPy computing the same statistics on the same data in the same run (target: at least 10x).
// The one-off reference profile build is reported apart: it happens once, at training time.
// Run: npm run bench -- drift   or   npx tsx bench/drift.ts [--columns N] [--reference N] [--current N] [--no-peer]
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildProfile, measureSummary, summarize, type MeasuredStatistic, type ReferenceProfile } from '../server/mlpipe/drift/index.js';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';

const run = promisify(execFile);
const PYTHON = process.env.MLPIPE_BENCH_PYTHON || '/usr/bin/python3';
const STATS = ['ks', 'psi', 'wasserstein', 'js'] as const;

interface Options {
  columns: number;
  reference: number;
  current: number;
  peer: boolean;
}

function options(): Options {
  const o: Options = { columns: 20, reference: 1_000_000, current: 100_000, peer: true };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-peer') o.peer = false;
    else if (a === '--columns' || a === '--reference' || a === '--current') o[a.slice(2) as 'columns'] = Number(argv[++i]);
    else throw new Error(`unknown option '${a}'`);
  }
  return o;
}

function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.float();
}

/** Column c: normal, log-normal or integer-valued (ties); odd columns drift in the live window. */
function column(c: number, n: number, live: boolean): Float64Array {
  const next = mulberry32(c * 7919 + (live ? 1 : 0) * 104729 + 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const shift = live && c % 2 === 1 ? 0.25 : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (c % 3 === 0) out[i] = gauss() + shift;
    else if (c % 3 === 1) out[i] = Math.exp(0.5 * gauss() + shift);
    else out[i] = Math.floor(next() * 40 + shift * 20);
  }
  return out;
}

function seconds<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
}

interface PeerResult {
  error?: string;
  missing?: string;
  numpy?: string;
  scipy?: string;
  seconds?: Record<(typeof STATS)[number], number>;
  values?: Record<string, (number | number[])[]>;
}

async function peer(o: Options, dir: string): Promise<PeerResult> {
  if (!o.peer) return { error: 'not run (--no-peer)' };
  if (!existsSync(PYTHON)) return { missing: 'python3-numpy python3-scipy' };
  const script = resolve(process.cwd(), 'bench/peers/drift_peer.py');
  try {
    const { stdout } = await run(PYTHON, [script, dir, String(o.columns), String(o.reference), String(o.current)], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as PeerResult;
  } catch (e) {
    return { error: String((e as Error).message).split('\n')[0]! };
  }
}

async function main(): Promise<void> {
  const o = options();
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-drift-'));
  try {
    const refs = Array.from({ length: o.columns }, (_, c) => column(c, o.reference, false));
    const curs = Array.from({ length: o.columns }, (_, c) => column(c, o.current, true));
    const cat = (cols: Float64Array[]) => Buffer.concat(cols.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    writeFileSync(join(dir, 'ref.f64'), cat(refs));
    writeFileSync(join(dir, 'cur.f64'), cat(curs));
    console.log(`${o.columns} columns, ${o.reference.toLocaleString('en')} reference and ${o.current.toLocaleString('en')} live values each; odd columns drift`);

    // The peer runs first, alone, so the two never share the cores.
    const p = await peer(o, dir);

    // Every reference value kept, as SciPy reads them: the same statistics on both sides. (A run
    // keeps MAX_SORTED_VALUES order statistics of a larger reference, which merges faster still.)
    const [profiles, profileSeconds] = seconds(() => refs.map((r) => buildProfile(r, 'numeric', Infinity)));
    const statsOf = (s: (typeof STATS)[number]): MeasuredStatistic[] => (s === 'ks' ? ['ks', 'ks_pvalue'] : [s]);

    // The report as the monitor makes it: one summary of each live column (sorted and binned),
    // shared by the four statistics; best of three passes over every column.
    let together = Infinity;
    const values: Record<string, number[][]> = {};
    for (let rep = 0; rep < 3; rep++) {
      for (const s of STATS) values[s] = [];
      const [, t] = seconds(() =>
        profiles.forEach((profile: ReferenceProfile, c) => {
          const summary = summarize(profile, curs[c]!);
          for (const s of STATS) values[s]!.push(statsOf(s).map((st) => measureSummary(profile, summary, st)));
        }),
      );
      together = Math.min(together, t);
    }
    // Each statistic alone, its own summary included, as SciPy computes each from the raw arrays.
    const alone: Record<string, number> = {};
    for (const s of STATS) {
      alone[s] = Infinity;
      for (let rep = 0; rep < 2; rep++) {
        const [, t] = seconds(() =>
          profiles.forEach((profile, c) => {
            const summary = summarize(profile, curs[c]!);
            for (const st of statsOf(s)) measureSummary(profile, summary, st);
          }),
        );
        alone[s] = Math.min(alone[s]!, t);
      }
    }

    const ms = (s: number) => `${(s * 1000).toFixed(0).padStart(7)} ms`;
    const peerSeconds = p.seconds;
    const unavailable = p.missing ? `unavailable, peer not installed: ${p.missing} (apt-get install -y ${p.missing}, or bash bench/peers/setup.sh)` : `unavailable: peer ${p.error ?? 'gave no figures'}`;
    const ratio = (peerS: number | undefined, our: number) => (peerS === undefined ? 'unavailable' : `${(peerS / our).toFixed(1)}x`);
    console.log(`\nstatistic (all columns)      mlpipe   NumPy/SciPy   ratio`);
    for (const s of STATS) console.log(`${(s === 'ks' ? 'ks (D and p-value)' : s).padEnd(24)} ${ms(alone[s]!)}   ${peerSeconds ? ms(peerSeconds[s]) : '          -'}   ${ratio(peerSeconds?.[s], alone[s]!)}`);
    const peerTotal = peerSeconds ? STATS.reduce((a, s) => a + peerSeconds[s], 0) : undefined;
    console.log(`${'report: all four'.padEnd(24)} ${ms(together)}   ${peerTotal !== undefined ? ms(peerTotal) : '          -'}   ${ratio(peerTotal, together)}   (one sort and one merge per column, shared)`);
    console.log(`\none-off reference profiles (${o.columns} columns, at training): ${ms(profileSeconds).trim()}; report with it counted: ${ratio(peerTotal, together + profileSeconds)}`);
    if (peerTotal === undefined) console.log(`target >= 10x: ${unavailable}`);
    else {
      const r = peerTotal / together;
      console.log(`target >= 10x: ${r >= 10 ? 'met' : 'MISSED'} (${r.toFixed(1)}x; NumPy ${p.numpy}, SciPy ${p.scipy})`);
      // The same data went to both: the values must agree, or the ratio compares different work.
      let worst = 0;
      let where = '';
      for (const s of STATS)
        values[s]!.forEach((v, c) => {
          const theirs = p.values![s]![c]!;
          const t = Array.isArray(theirs) ? theirs : [theirs];
          t.forEach((x, k) => {
            const d = Math.abs(x - v[k]!) / Math.max(1e-12, Math.abs(x), k === 1 ? 1e-300 : 1);
            if (d > worst) [worst, where] = [d, `${s}${k ? ' p-value' : ''} of column ${c}: ${v[k]} against ${x}`];
          });
        });
      console.log(`largest relative difference from SciPy's values: ${worst.toExponential(1)}${where ? ` (${where})` : ''}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`drift bench: ${(e as Error).message}`);
  process.exit(1);
});
