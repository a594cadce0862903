// The served churn model's features alone: `rowTransform(...).into` over bench/serve.ts's 500
// single-row bodies (rows already parsed), as the Scorer calls it per request.
//
//   node --import tsx bench/rowFeatures.ts [--dir DIR] [--n 100000] [--warm 20000] [--only none]
//        [--allocations FILE] [--from parsed|objects|slots]
//
// `--from objects`: each request from its bytes as the fast path reads it into row objects
// (utf8Body, BodyRowsReader.read, Scorer.scoreRequests: the body read, the row read, the
// network); `--from slots`: the same into the features' slots (readSlots, Scorer.scoreSlots).
//
// Prints one JSON line: the rows run, their wall time (load-dependent), and the bytes the heap grew
// by while they ran. For the bytes, run with a young generation large enough that no collection
// happens inside the timed rows (`--max-semi-space-size=256 --min-semi-space-size=256`; the line
// says `gcs`, which must be 0). For instructions, run under `valgrind --tool=cachegrind
// --cache-sim=no node --predictable --expose-gc` at two --n and subtract. `--only none`: everything but the
// rows (the setup and the warm-up), to subtract likewise.
// `--allocations FILE`: V8's sampling heap profile of the timed rows, collected objects included,
// written to FILE (where the bytes are allocated; the bytes figure is then the profiler's too).
// --dir: a trained churn project (bench/servedProject.ts makes one when omitted).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { loadServedModel } from '../server/backend/serve/served.js';
import { rowTransform } from '../server/mlpipe/features/row.js';
import { runtimeFor } from '../server/mlpipe/features/runtime.js';
import type { RequestRow } from '../server/protocol/serving.js';
import { trainedProject } from './servedProject.js';
import { BodyRowsReader } from '../server/backend/serve/bodyRows.js';
import { Scorer } from '../server/backend/serve/scorer.js';
import { utf8Body } from '../server/backend/serve/server.js';
import { churnBodies } from './log/churnBodies.js';
import { numberOption, option } from './argv.js';

const N = numberOption('n', 100_000);
const WARM = numberOption('warm', 20_000);
const ONLY = option('only', 'rows');
const ALLOCATIONS = option('allocations', '');
const FROM = option('from', 'parsed');

async function main(): Promise<void> {
  const dir = option('dir', '') || (await trainedProject('mlpipe-rowfeatures-')).dir;
  const served = await loadServedModel(join(dir, 'churn.mlpipe'), { root: dir });
  const { plan, state } = served.run;
  const transform = rowTransform(plan, state, served.history, { defaults: served.config.defaults });
  const width = runtimeFor(plan, state).layout.width;
  const rows = churnBodies(dir).map(({ body }) => (JSON.parse(body) as { rows: RequestRow[] }).rows[0]);
  const out = new Float32Array(width);
  // Summed in a Float64Array: a captured number variable would box a heap number per row here.
  const check = new Float64Array(1);
  const bodies = churnBodies(dir).map(({ body }) => Buffer.from(body));
  const scorer = new Scorer(served);
  const reader = new BodyRowsReader();
  const slotKeys = scorer.slotKeys!;
  const fromBody = (bytes: Buffer): void => {
    const text = utf8Body(bytes);
    const outcome = FROM === 'slots' && reader.readSlots(bytes, text, slotKeys, scorer.slots) ? scorer.scoreSlots(0) : scorer.scoreRequests(reader.read(bytes, text)!, 0);
    if (!outcome.ok) throw new Error(outcome.details[0].problem);
    check[0] += outcome.scored.out[0];
  };
  const run = (n: number, from: number): void => {
    for (let i = 0; i < n; i++) {
      if (FROM !== 'parsed') fromBody(bodies[(from + i) % bodies.length]);
      else {
        transform.into(rows[(from + i) % rows.length], out, 0);
        check[0] += out[0];
      }
    }
  };
  run(WARM, 0);
  // With --expose-gc: a full collection here, so none that the setup left due runs inside the rows
  // (under valgrind, where it otherwise did, its instructions swamped the rows').
  (globalThis as { gc?: () => void }).gc?.();
  const session = ALLOCATIONS ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 16, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  if (ONLY === 'rows') run(N, WARM);
  const t1 = process.hrtime.bigint();
  const heap1 = process.memoryUsage().heapUsed;
  if (session) writeFileSync(ALLOCATIONS, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  // GC entries are delivered asynchronously.
  await new Promise((r) => setTimeout(r, 10));
  obs.disconnect();
  const rowsRun = ONLY === 'rows' ? N : 0;
  console.log(
    JSON.stringify({
      rows: rowsRun,
      usPerRow: rowsRun ? Number(t1 - t0) / 1000 / rowsRun : 0,
      bytesPerRow: rowsRun ? (heap1 - heap0) / rowsRun : 0,
      gcs,
      width,
      check: check[0],
    }),
  );
}

void main();
