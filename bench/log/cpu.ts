// The prediction log's own work per prediction, without a server or load generator: batches of
// the churn model's predictions for bench/serve.ts's bodies, built as the serving thread builds
// them (Scorer, LogBatchBuilder), then handed to the log thread's work (`logThreadWork`).
//
//   node --import tsx bench/log/cpu.ts [--dir DIR] [--n 100000] [--warm 20000] [--batch 500]
//        [--where inline|thread|none] [--monitor on|off] [--profile FILE.cpuprofile]
//
//   inline  the log thread's work on this thread (no message): its CPU is this thread's, and
//           the predictions/s it sustains and the file's MiB per million predictions.
//   thread  the real LogWorker (its thread, the transfers, the acks): the log thread's CPU.
//   none    the batches are built and dropped (instructions to subtract under cachegrind).
// --profile (inline): a CPU profile of the measured batches alone (100 µs sampling), without the
// batches' building and the start-up that a whole-process --cpu-prof holds.
// --dir: a trained churn project (bench/servedProject.ts makes one when omitted); its log is
// removed first. Prints one JSON line. Under `valgrind --tool=cachegrind --cache-sim=no node
// --predictable` run it at two --n and subtract, for instructions per prediction.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { loadServedModel } from '../../server/backend/serve/served.js';
import { Scorer } from '../../server/backend/serve/scorer.js';
import { monitorSpec } from '../../server/backend/monitor/monitor.js';
import { LogBatchBuilder, type LogSource, type PackedBatch } from '../../server/backend/serve/logBatch.js';
import { logPath } from '../../server/backend/serve/log.js';
import { logThreadWork } from '../../server/backend/serve/logThreadWork.js';
import { LogWorker } from '../../server/backend/serve/logWorker.js';
import { PredictionIds } from '../../server/backend/serve/predictionIds.js';
import type { RequestRow } from '../../server/protocol/serving.js';
import { trainedProject } from '../servedProject.js';
import { churnBodies } from './churnBodies.js';
import { numberOption, option } from '../argv.js';

const N = numberOption('n', 100_000);
const WARM = numberOption('warm', 20_000);
const BATCH = numberOption('batch', 500);
const WHERE = option('where', 'inline');
const MONITOR = option('monitor', 'on') === 'on';
const PROFILE = option('profile', '');

/**
 * PredictionIds with one prefix every run (a real writer's is its start time and 3 random bytes,
 * the same length): the log thread's instruction count moved by thousands between runs with the
 * random prefix (s49), which a marginal count at two --n cannot take apart from a change.
 */
class FixedPrefixIds extends PredictionIds {
  override readonly prefix = 'mlpipebench000-';
}

/** Runs `body` under the inspector's CPU profiler and writes the profile to `file`. */
function profiled(file: string, body: () => void): void {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): unknown => {
    let out: unknown;
    session.post(method, params, (err, res) => {
      if (err) throw err;
      out = res;
    });
    return out; // the inspector answers these synchronously on the same thread
  };
  post('Profiler.enable');
  post('Profiler.setSamplingInterval', { interval: 100 });
  post('Profiler.start');
  body();
  const { profile } = post('Profiler.stop') as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

/** CPU seconds of one thread of this process (utime + stime from /proc). */
function threadCpu(tid: number | 'thread-self'): number {
  const path = tid === 'thread-self' ? '/proc/thread-self/stat' : `/proc/self/task/${tid}/stat`;
  const f = readFileSync(path, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

function tasks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of readdirSync('/proc/self/task')) out.set(Number(t), threadCpu(Number(t)));
  return out;
}

async function main(): Promise<void> {
  const dir = option('dir', '') || (await trainedProject('mlpipe-logcpu-')).dir;
  for (const s of ['', '-wal', '-shm']) rmSync(logPath(dir) + s, { force: true });
  const served = await loadServedModel(join(dir, 'churn.mlpipe'), { root: dir });
  const scorer = new Scorer(served);
  const spec = monitorSpec(served);
  const monitor = MONITOR ? spec : { ...spec, reference: null };
  const source: LogSource = { pipeline: served.pipelineName, model: served.name, version: served.version, names: scorer.valueNames, categories: scorer.valueCategories };
  // Each body as the fast path hands it to the log: its bytes as received.
  const bodies = churnBodies(dir).map(({ body }) => ({ body: Buffer.from(body, 'utf8'), rows: (JSON.parse(body) as { rows: RequestRow[] }).rows }));
  const ids = new FixedPrefixIds();
  let next = 0;
  /**
   * Scores the next body and adds its row as server.ts's `score` does; `add` is the builder's
   * (which takes wall time) or the LogWorker's (which takes performance.now(), as `now` gives).
   */
  const addOne = (add: (id: string, ts: number, lat: number, input: unknown, p: unknown, body: Uint8Array, row: number) => number, codes: () => Float32Array, id: () => string, now: () => number) => {
    const { body, rows } = bodies[next++ % bodies.length];
    const outcome = scorer.scoreRequests(rows);
    if (!outcome.ok) throw new Error(outcome.details[0].problem);
    const s = outcome.scored;
    const at = add(id(), now(), 150, rows[0], scorer.prediction(s.out, 0), body, 0);
    if (at >= 0) scorer.code(s, 0, codes(), at);
  };
  const built = (n: number): PackedBatch[] => {
    const out: PackedBatch[] = [];
    for (let i = 0; i < n; i += BATCH) {
      // The writer's ids stored as their counter, as the LogWorker's builder stores them.
      const b = new LogBatchBuilder(source, 1000, BATCH, ids);
      for (let k = 0; k < Math.min(BATCH, n - i); k++) addOne((...a) => b.add(...a), () => b.codes, () => ids.next(), Date.now);
      out.push(b.seal().batch);
    }
    return out;
  };

  let result: Record<string, unknown>;
  if (WHERE === 'thread') {
    const log = new LogWorker(dir, {}, monitor, source);
    const feed = async (n: number) => {
      for (let i = 0; i < n; i += BATCH) {
        for (let k = 0; k < Math.min(BATCH, n - i); k++) addOne((...a) => log.add(...a), () => log.codes, () => log.nextId(), () => performance.now());
        await log.flush();
      }
    };
    await feed(WARM);
    const before = tasks();
    const main0 = threadCpu('thread-self');
    await feed(N);
    const after = tasks();
    const mainCpu = threadCpu('thread-self') - main0;
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop());
    let busiest = 0;
    for (const [t, c] of after) if (t !== self) busiest = Math.max(busiest, c - (before.get(t) ?? 0));
    result = { where: WHERE, n: N, batch: BATCH, monitor: MONITOR, logThreadUsPerPrediction: (busiest / N) * 1e6, servingThreadUsPerPrediction: (mainCpu / N) * 1e6, written: log.written, dropped: log.dropped };
    await log.close();
  } else {
    const sent: unknown[] = [];
    const work = logThreadWork({ root: dir, options: {}, monitor }, (m) => sent.push(m));
    const write = WHERE === 'inline';
    const run = (batches: PackedBatch[]) => {
      for (const batch of batches) if (write) work({ type: 'batch', batch });
    };
    run(built(WARM));
    const batches = built(N);
    const t0 = threadCpu('thread-self');
    const u0 = process.cpuUsage();
    const w0 = performance.now();
    if (PROFILE) profiled(PROFILE, () => run(batches));
    else run(batches);
    const cpu = threadCpu('thread-self') - t0;
    const u = process.cpuUsage(u0);
    const wall = performance.now() - w0;
    const written = sent.filter((m) => (m as { type: string }).type === 'written').at(-1) as { written: number; dropped: number } | undefined;
    result = { where: WHERE, n: N, batch: BATCH, monitor: MONITOR, threadUsPerPrediction: (cpu / N) * 1e6, userUs: (u.user / N), systemUs: (u.system / N), wallUsPerPrediction: (wall * 1000) / N, written: written?.written, dropped: written?.dropped };
    work({ type: 'close', ask: 0 });
    // What the file holds per million predictions once written and checkpointed (warm-up included).
    const bytes = ['', '-wal'].reduce((sum, x) => sum + (existsSync(logPath(dir) + x) ? statSync(logPath(dir) + x).size : 0), 0);
    result.predictionsPerSecond = Math.round((N / wall) * 1000);
    result.mibPerMillion = write ? Math.round((bytes / (N + WARM)) * 1e6 / 2 ** 20) : 0;
  }
  console.log(JSON.stringify(result));
}

void main();
