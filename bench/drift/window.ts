// The drift monitor's own cost on the log thread, per prediction: the churn example's served
// model, its reference and its tests (window 500: PSI, JS, four default Wasserstein tests), fed
// predictions drawn from the reference's own values through the in-memory window (`DriftWindow`)
// and evaluated at every window's end as the log thread's Monitor does.
//
//   node --import tsx bench/drift/window.ts [--dir DIR] [--n 200000] [--batch 500]
//
// --dir: a trained churn project (bench/servedProject.ts makes one when omitted). Prints one
// JSON line: µs per prediction for the window's upkeep (`add`) and for the evaluations.
// Under `valgrind --tool=cachegrind --cache-sim=no node --predictable` run it at two --n and
// subtract, for instructions per prediction.
import { join } from 'node:path';
import { loadServedModel } from '../../server/backend/serve/served.js';
import { Scorer } from '../../server/backend/serve/scorer.js';
import { driftReportInMemory, monitorSpec } from '../../server/backend/monitor/monitor.js';
import { DriftWindow } from '../../server/backend/monitor/driftWindow.js';
import type { LogBatch, LogSource } from '../../server/backend/serve/logBatch.js';
import type { NumericProfile } from '../../server/mlpipe/drift/index.js';
import { trainedProject } from '../servedProject.js';
import { Mulberry32 } from '../../server/mlpipe/data/prng.js';
import { numberOption, option } from '../argv.js';

const N = numberOption('n', 200_000);
const BATCH = numberOption('batch', 500);

async function main(): Promise<void> {
  const dir = option('dir', '') || (await trainedProject('mlpipe-driftwin-')).dir;
  const served = await loadServedModel(join(dir, 'churn.mlpipe'), { root: dir });
  const scorer = new Scorer(served);
  const spec = monitorSpec(served);
  const targets = spec.reference!.targets;
  const source: LogSource = { pipeline: served.pipelineName, model: served.name, version: served.version, names: scorer.valueNames, categories: scorer.valueCategories };
  const w = source.names.length;
  const prng = new Mulberry32(11);
  const r = (): number => prng.float();
  // Each coded value drawn from its target's reference: a number from the sorted reference, a category's index.
  const draw = (i: number): number => {
    const p = targets[source.names[i]];
    const cats = source.categories[i];
    if (cats) return Math.floor(r() * cats.length);
    if (!p || p.kind !== 'numeric') return r();
    const s = (p as NumericProfile).sorted;
    return Math.fround(s[Math.floor(r() * s.length)]);
  };
  const prediction = targets.prediction as NumericProfile;
  const batches: LogBatch[] = [];
  for (let b = 0; b < 8; b++) {
    const codes = new Float32Array(BATCH * w);
    for (let k = 0; k < BATCH; k++) for (let i = 0; i < w; i++) codes[k * w + i] = draw(i);
    const predictions = Array.from({ length: BATCH }, () => prediction.sorted[Math.floor(r() * prediction.sorted.length)]);
    batches.push({ source, n: BATCH, id: (k) => `p${b}-${k}`, idCounter: new Float64Array(BATCH).fill(-1), idPrefix: '', ts: new Float64Array(BATCH).fill(Date.now()), latencyUs: new Float64Array(BATCH), codes, input: () => null, texts: new Uint8Array(0), textAt: new Int32Array(0), textLength: new Int32Array(0), rowOf: new Int32Array(0), predictions });
  }
  const live = new DriftWindow(spec.window, spec.tests.map((t) => t.target), source.names, source.categories, spec.task !== 'multiclass');
  let addNs = 0n;
  let evalNs = 0n;
  let pending = 0;
  let evaluations = 0;
  let check = 0;
  for (let done = 0, b = 0; done < N; b++) {
    const batch = batches[b % batches.length];
    for (let k = 0; k < batch.n; ) {
      const to = Math.min(batch.n, k + spec.window - pending);
      const t0 = process.hrtime.bigint();
      live.add(batch, done, k, to);
      addNs += process.hrtime.bigint() - t0;
      pending += to - k;
      k = to;
      if (pending < spec.window) break;
      pending = 0;
      const t1 = process.hrtime.bigint();
      const report = driftReportInMemory(spec, live, [], null);
      evalNs += process.hrtime.bigint() - t1;
      evaluations++;
      for (const t of report.targets) check += t.value ?? 0;
    }
    done += batch.n;
  }
  console.log(JSON.stringify({ n: N, window: spec.window, tests: spec.tests.map((t) => `${t.target}:${t.test.statistic}`), evaluations, addUsPerPrediction: Number(addNs) / 1000 / N, evaluateUsPerPrediction: Number(evalNs) / 1000 / N, usPerEvaluation: Number(evalNs) / 1000 / evaluations, check }));
}

void main();
