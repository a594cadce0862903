// A /predict body read into rows, alone: the parse phase of the fast path on bench/serve.ts's
// 500 single-row churn bodies, without a server, the features or the log.
//
//   node --import tsx bench/bodyRows.ts [--mode parse|rows|none] [--n 100000] [--warm 20000]
//
//   parse  utf8Body, JSON.parse and isPlainPredictRequest: the path every body took before
//   rows   utf8Body and BodyRowsReader (JSON.parse only for a body it declines)
//   none   the loop alone (instructions to subtract under cachegrind)
// Prints one JSON line: the bytes allocated per request (heap growth over --n requests with no
// collection between; run with --max-semi-space-size=256 so none comes) and whether one came.
// Under `valgrind --tool=cachegrind --cache-sim=no node --predictable` run it at two --n and
// subtract, for instructions per request.
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { isPlainPredictRequest, utf8Body } from '../server/backend/serve/server.js';
import { BodyRowsReader } from '../server/backend/serve/bodyRows.js';
import { churnBodies } from './log/churnBodies.js';
import { REPO } from './servedProject.js';
import { numberOption, option } from './argv.js';

const MODE = option('mode', 'rows');
const N = numberOption('n', 100_000);
const WARM = numberOption('warm', 20_000);

const bodies = churnBodies(join(REPO, 'examples/churn')).map((b) => Buffer.from(b.body));
const reader = new BodyRowsReader();
let kept = 0;

function one(bytes: Buffer): void {
  if (MODE === 'none') {
    kept += bytes.length;
    return;
  }
  const text = utf8Body(bytes);
  if (MODE === 'rows') {
    const rows = reader.read(bytes, text);
    if (rows !== null) {
      kept += rows.length;
      return;
    }
  }
  const body: unknown = JSON.parse(text);
  if (isPlainPredictRequest(body)) kept += body.rows.length;
}

for (let r = 0; r < WARM; r++) one(bodies[r % bodies.length]);
let collections = 0;
new PerformanceObserver((l) => (collections += l.getEntries().length)).observe({ entryTypes: ['gc'] });
const heap0 = process.memoryUsage().heapUsed;
for (let r = 0; r < N; r++) one(bodies[r % bodies.length]);
const heap1 = process.memoryUsage().heapUsed;
// The observer reports on a later tick.
setImmediate(() => console.log(JSON.stringify({ mode: MODE, n: N, bytesPerRequest: Math.round((heap1 - heap0) / N), collections, kept })));
