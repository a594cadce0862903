// Child for the concurrency test: waits for "go" on stdin, then creates runs, logs metrics
// through a MetricBuffer and registers each finished run, against a shared database.
// Usage: node --import tsx worker.ts ROOT NAME RUNS BATCHES POINTS
import { createInterface } from 'node:readline';
import { openRegistry } from '../../../../server/backend/registry/registry.js';
import { MetricBuffer } from '../../../../server/backend/tracking/metricBuffer.js';
import { openStore } from '../../../../server/backend/tracking/store.js';

const [root, name, runsArg, batchesArg, pointsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const batches = Number(batchesArg);
const points = Number(pointsArg);

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
lines.once('line', () => {
  lines.close();
  process.stdin.destroy(); // else the open pipe keeps this process alive
  try {
    const store = openStore(root!);
    const registry = openRegistry(store);
    for (let r = 0; r < runs; r++) {
      const run = store.createRun({ pipelineName: name!, pipelinePath: `${name}.mlpipe`, pipelineText: `pipeline ${name}\n`, seeds: { model: r } });
      const buffer = new MetricBuffer(store, run.id, { maxPoints: points, maxDelayMs: 0 });
      for (let b = 0; b < batches; b++) for (let i = 0; i < points; i++) buffer.add(`k${i % 5}`, b * points + i, Math.sin(i));
      buffer.close();
      store.logParams(run.id, { worker: name!, index: r });
      store.finishRun(run.id, { status: 'completed', metrics: { auc: r / runs } });
      const v = registry.register('shared', run.id, r % 2 === 0 ? 'production' : 'staging', { actor: name });
      process.stdout.write(`done ${run.id} ${v.version}\n`);
    }
    store.close();
  } catch (e) {
    process.stdout.write(`error ${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
});
