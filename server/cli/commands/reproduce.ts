import { parseArgs } from 'node:util';
import { reproduceRun } from '../../backend/pipeline/reproduce.js';
import type { ReproduceOutput } from '../../protocol/cli.js';
import { argumentsError, paint, useColor } from '../output.js';
import { Progress } from '../progress.js';
import { runOrReport, withInterrupt } from './run.js';

import { REPRODUCE_USAGE } from '../usage.js';

export { REPRODUCE_USAGE } from '../usage.js';

/** Exit 0 when the weights are bitwise identical, 1 when they differ or the run cannot be reproduced. */
export async function reproduceCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw argumentsError('reproduce', REPRODUCE_USAGE, ['RUN_ID'], positionals);
  const progress = new Progress(process.stderr, values.json && !process.stderr.isTTY);
  // Ctrl-C as in 'mlpipe run': the retrain is recorded as interrupted and the command exits 130.
  const r = await withInterrupt((signal) => runOrReport(positionals[0], () => reproduceRun(positionals[0], { onEpoch: progress.epoch, onStage: progress.stage, signal }))).finally(progress.end);
  if (values.json) {
    const out: ReproduceOutput = { runId: r.runId, newRunId: r.newRunId, identical: r.identical, weightsHash: r.weightsHash, originalWeightsHash: r.originalWeightsHash, backend: r.backend, ...(r.changed.length ? { changed: r.changed } : {}), metrics: r.run.metrics };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const color = useColor(process.stdout);
    process.stdout.write(
      `reproduced ${r.runId} as ${r.newRunId} on ${r.backend}: ${r.identical ? paint(color, 'green', 'identical weights') : paint(color, 'red', 'weights differ')}\n  original ${r.originalWeightsHash}\n  new      ${r.weightsHash}\n`,
    );
    // The data, seeds and pipeline were the recorded ones (checked): what else changed is the why.
    if (r.changed.length)
      process.stdout.write(
        r.changed.map((c) => `  changed  ${c}\n`).join('') +
          `  identical weights are promised on the same engine, Node and tfjs versions only (the data, seeds and pipeline are the recorded ones)\n`,
      );
  }
  return r.identical ? 0 : 1;
}
