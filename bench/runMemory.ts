// Peak memory of `mlpipe run` end to end on a generated CSV (prints, never asserts): the
// process's peak resident set against the sizes a user thinks in, measured in the same run: the
// file itself, the model inputs as float32 (rows x inputs x 4 bytes), and a node process that
// only reads the file into memory (the floor of any reader that holds it once).
// A second run reads an event log through window features (a history table: the key, an ISO time
// and a value kept per event), against reading that log into one Buffer.
// Run: npm run build && npx tsx bench/runMemory.ts [--rows N] [--events N] (defaults 1,000,000
// rows, about 50 MB; 3,000,000 events for 100,000 entities, about 130 MB)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';
import { numberOption } from './argv.js';

const REPO = resolve(__dirname, '..');
const CLI = join(REPO, 'dist/cli.js');
const PEAK = join(__dirname, 'peakRss.cjs');
const ROWS = numberOption('rows', 1_000_000);
const EVENTS = numberOption('events', 3_000_000);
/** Entities of the event-log run: one snapshot row each, about EVENTS / ENTITIES events each. */
const ENTITIES = 100_000;
/** Model inputs of the pipeline below: five numbers and one_hot of 3 and 5 categories. */
const INPUTS = 5 + 3 + 5;

/** The one small network both runs train, on these inputs, on the wasm engine: the data is what is measured. */
const trainedOn = (inputs: string) => `model m {
  kind       = mlp
  inputs     = [${inputs}]
  layers     = [16]
  epochs     = 1
  batch_size = 512
  seed       = 1
}

environment {
  backend = wasm
}
`;

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

${trainedOn('a_z, b_z, c_m, d_v, e_z, plan, region')}`;

const EVENT_PIPELINE = `pipeline events

data snapshots {
  source = "data/snapshots.csv"
  target = label
  key    = id
  time   = at
}

data events {
  source = "data/events.csv"
  key    = id
  time   = at
}

split {
  test = 0.2
  seed = 1
}

feature spend_30d = standardize(fill_missing(window_mean(events.value, 30d, as_of = snapshots.at), 0))
feature count_30d = window_count(events.value, 30d, as_of = snapshots.at)
feature tenure_z  = standardize(snapshots.tenure)

${trainedOn('spend_30d, count_30d, tenure_z')}`;

/** A header and `count` generated lines, written through one stream a MiB at a time. */
async function writeLines(file: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let chunk = header;
  for (let i = 0; i < count; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  await new Promise<void>((r) => out.end(chunk, () => r()));
}

/** Snapshots on 2025-06-01 and a year of events before them, to the second (distinct ISO times, as logs have). */
async function writeEvents(dir: string): Promise<void> {
  const rng = new Mulberry32(11);
  const start = Date.UTC(2024, 5, 1) / 1000;
  const span = 365 * 86400;
  const spent = new Float64Array(ENTITIES);
  await writeLines(join(dir, 'data/events.csv'), 'id,at,value\n', EVENTS, (i) => {
    const id = rng.int(ENTITIES);
    const value = rng.float() * 100;
    const t = start + Math.floor((i / EVENTS) * span);
    if (t > start + span - 30 * 86400) spent[id]! += value;
    return `E${id},${new Date(t * 1000).toISOString().slice(0, 19)}Z,${value.toFixed(2)}\n`;
  });
  await writeLines(join(dir, 'data/snapshots.csv'), 'id,at,tenure,label\n', ENTITIES, (i) => `E${i},2025-06-01T00:00:00Z,${rng.int(2000)},${spent[i]! > 150 ? 1 : 0}\n`);
}

async function writeData(file: string): Promise<void> {
  const rng = new Mulberry32(7);
  const plans = ['basic', 'plus', 'premium'];
  const regions = ['north', 'south', 'east', 'west', 'central'];
  await writeLines(file, 'id,a,b,c,d,e,plan,region,label\n', ROWS, (i) => {
    const a = rng.float() * 100;
    const d = rng.float() - 0.5;
    const plan = plans[rng.int(3)]!;
    const y = a / 100 + d + (plan === 'premium' ? 0.3 : 0) + rng.float() * 0.5 > 0.9 ? 1 : 0;
    return `C${i},${a.toFixed(2)},${(rng.float() * 10).toFixed(3)},${rng.int(1000)},${d.toFixed(4)},${(rng.float() * 5).toFixed(1)},${plan},${regions[rng.int(5)]},${y}\n`;
  });
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

    // The event log: every event's key, time and value are kept for the window features.
    const events = join(dir, 'events');
    mkdirSync(join(events, 'data'), { recursive: true });
    writeFileSync(join(events, 'events.mlpipe'), EVENT_PIPELINE);
    await writeEvents(events);
    const log = join(events, 'data/events.csv');
    const logSize = statSync(log).size;
    const readLog = peakOf(['-e', `require('fs').readFileSync(${JSON.stringify(log)})`], events);
    const runLog = peakOf([CLI, 'run', 'events.mlpipe'], events);
    console.log(`\n\`mlpipe run\` with an event log of ${EVENTS.toLocaleString('en')} events (key, ISO time to the second, value) for ${ENTITIES.toLocaleString('en')} snapshots, peak resident set\n`);
    console.log('| process | peak RSS MiB | vs the event log | s |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| node reading the event log into one Buffer (baseline) | ${mb(readLog.bytes)} | ${(readLog.bytes / logSize).toFixed(2)}x | ${readLog.seconds.toFixed(1)} |`);
    console.log(`| mlpipe run | ${mb(runLog.bytes)} | ${(runLog.bytes / logSize).toFixed(2)}x | ${runLog.seconds.toFixed(1)} |`);
    console.log(`\nevent log ${mb(logSize)} MiB; mlpipe run / reading the log: ${(runLog.bytes / readLog.bytes).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
