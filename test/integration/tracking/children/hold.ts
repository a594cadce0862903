// Child for the interrupted-run test: creates a run, says which, then waits to be killed.
// Usage: node --import tsx hold.ts ROOT
import { openStore } from '../../../../server/backend/tracking/store.js';

const store = openStore(process.argv[2]!);
const run = store.createRun({ pipelineName: 'hold', pipelinePath: 'hold.mlpipe', pipelineText: 'pipeline hold\n' });
store.logMetrics(run.id, [{ key: 'loss', step: 0, value: 1 }]);
process.stdout.write(`started ${run.id}\n`);
setInterval(() => {}, 1 << 30);
