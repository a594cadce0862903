// Peak memory of `mlpipe run` end to end on a generated CSV (prints, never asserts): the
// process's peak resident set against the sizes a user thinks in, measured in the same run: the
// file itself, the model inputs as float32 (rows x inputs x 4 bytes), and a node process that
// only reads the file into memory (the floor of any reader that holds it once).
// Run: npm run build && npx tsx bench/runMemory.ts [--rows N] (default 1,000,000; about 50 MB)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';

const REPO = resolve(__dirname, '..');
const CLI = join(REPO, 'dist/cli.js');
const PEAK = join(__dirname, 'peakRss.cjs');
const at = process.argv.indexOf('--rows');
const ROWS = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
/** Model inputs of the pipeline below: five numbers and one_hot of 3 and 5 categories. */
const INPUTS = 5 + 3 + 5;

const PIPELINE = `pipeline memory

data rows {
  source = "data/rows.csv"
  target = label
  key    = id
}

split {
  test = 0.2
  seed = 1
}

feature a_z    = standardize(rows.a)
feature b_z    = standardize(log1p(rows.b))
feature c_m    = min_max(rows.c)
feature d_v    = rows.d
feature e_z    = standardize(rows.e)
feature plan   = one_hot(rows.plan)
feature region = one_hot(rows.region)

model m {
  kind       = mlp
  inputs     = [a_z, b_z, c_m, d_v, e_z, plan, region]
  layers     = [16]
  epochs     = 1
  batch_size = 512
  seed       = 1
}

environment {
  backend = wasm
}
`;

async function writeData(file: string): Promise<void> {
  const rng = new Mulberry32(7);
  const plans = ['basic', 'plus', 'premium'];
  const regions = ['north', 'south', 'east', 'west', 'central'];
  const out = createWriteStream(file);
  let chunk = 'id,a,b,c,d,e,plan,region,label\n';
  for (let i = 0; i < ROWS; i++) {
    const a = rng.float() * 100;
    const d = rng.float() - 0.5;
    const plan = plans[rng.int(3)]!;
    const y = a / 100 + d + (plan === 'premium' ? 0.3 : 0) + rng.float() * 0.5 > 0.9 ? 1 : 0;
    chunk += `C${i},${a.toFixed(2)},${(rng.float() * 10).toFixed(3)},${rng.int(1000)},${d.toFixed(4)},${(rng.float() * 5).toFixed(1)},${plan},${regions[rng.int(5)]},${y}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  await new Promise<void>((r) => out.end(chunk, () => r()));
}

/** Peak RSS in bytes of `node args` (reported by the preloaded peakRss.cjs as it exits). */
function peakOf(args: string[], cwd: string): { bytes: number; seconds: number; output: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', PEAK, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  const m = /peak-rss (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { bytes: Number(m[1]), seconds, output: r.stdout };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-memory-'));
  try {
    writeFileSync(join(dir, 'memory.mlpipe'), PIPELINE);
    spawnSync('mkdir', [join(dir, 'data')]);
    const csv = join(dir, 'data/rows.csv');
    await writeData(csv);
    const size = statSync(csv).size;
    const float32 = ROWS * INPUTS * 4;
    const read = peakOf(['-e', `require('fs').readFileSync(${JSON.stringify(csv)})`], dir);
    const run = peakOf([CLI, 'run', 'memory.mlpipe'], dir);
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    console.log(`\n\`mlpipe run\` of a ${ROWS.toLocaleString('en')}-row CSV (9 columns, ${INPUTS} model inputs), peak resident set\n`);
    console.log('| process | peak RSS MiB | vs the CSV | vs the inputs as float32 | s |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(`| node reading the file into one Buffer (baseline) | ${mb(read.bytes)} | ${(read.bytes / size).toFixed(2)}x | ${(read.bytes / float32).toFixed(2)}x | ${read.seconds.toFixed(1)} |`);
    console.log(`| mlpipe run | ${mb(run.bytes)} | ${(run.bytes / size).toFixed(2)}x | ${(run.bytes / float32).toFixed(2)}x | ${run.seconds.toFixed(1)} |`);
    console.log(`\nCSV ${mb(size)} MiB; model inputs as float32 ${mb(float32)} MiB; mlpipe run / reading the file: ${(run.bytes / read.bytes).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
