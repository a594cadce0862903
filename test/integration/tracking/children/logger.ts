// Child for the kill -9 test: creates runs and logs metric batches forever, reporting each
// committed step on stdout so the parent can kill it at a chosen moment.
// Usage: node --import tsx logger.ts ROOT BATCHES_PER_RUN POINTS_PER_BATCH
import { openStore } from '../../../../server/backend/tracking/store.js';

const [root, batchesArg, pointsArg] = process.argv.slice(2);
const batchesPerRun = Number(batchesArg);
const pointsPerBatch = Number(pointsArg);
const store = openStore(root!);
let logged = 0;
for (;;) {
  const run = store.createRun({ pipelineName: 'reliability', pipelinePath: 'reliability.mlpipe', pipelineText: 'pipeline reliability\n' });
  process.stdout.write(`started ${run.id}\n`);
  for (let b = 0; b < batchesPerRun; b++) {
    const points = Array.from({ length: pointsPerBatch }, (_, i) => ({ key: `m${i % 4}`, step: b * pointsPerBatch + i, value: i / 7 }));
    store.logMetrics(run.id, points);
    logged++;
    process.stdout.write(`logged ${logged}\n`);
  }
  store.finishRun(run.id, { status: 'completed', metrics: { auc: 0.9 } });
  process.stdout.write(`completed ${run.id} ${batchesPerRun * pointsPerBatch}\n`);
}
