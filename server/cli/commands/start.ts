import { parseArgs } from 'node:util';
import { CliError, useColor } from '../output.js';
import { START_USAGE } from '../usage.js';
import { Progress } from '../progress.js';
import { readableFile } from '../pipelineFiles.js';
import { checkFiles, formatText } from './check.js';
import { GATES_FAILED, runModels, summary } from './run.js';

/** `npm start`: check the example pipeline, then run it end to end on the embedded defaults. */
export async function startCommand(argv: string[]): Promise<number> {
  // No options: '--bogus' is one ('there is no option'), not a file to check.
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(`usage: ${START_USAGE}`);
  // A missing file is said alone, not after 'Checking FILE'.
  readableFile(file, 'start', { pipeline: true });
  const color = useColor(process.stdout);
  process.stdout.write(`Checking ${file}\n`);
  const checked = await checkFiles([file], undefined, undefined, 'start');
  process.stdout.write(formatText(checked, color));
  if (checked.some((c) => c.diagnostics.some((d) => d.severity === 'error'))) return 1;
  process.stdout.write(`\nRunning ${file}\n`);
  const progress = new Progress(process.stderr);
  const { results } = await runModels(file, undefined, { onEpoch: progress.epoch, onStage: progress.stage }, (r) => {
    progress.end();
    process.stdout.write(summary(r, color));
  }).finally(progress.end);
  const result = results[results.length - 1]!;
  // A `register` with `stage = production` has promoted the version already: suggest no promote of it.
  const promote = result.registered && result.registered.stage !== 'production' ? `, 'mlpipe promote ${result.registered.name} ${result.registered.version} production'` : '';
  process.stdout.write(`\nNext: 'mlpipe runs', 'mlpipe reproduce ${result.runId}', 'mlpipe models'${promote}\n`);
  return results.every((r) => r.gates.passed) ? 0 : GATES_FAILED;
}
