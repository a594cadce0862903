import { readableFile } from '../pipelineFiles.js';
import { parseArgs } from 'node:util';
import { PipelineError, SeveralModelsError } from '../../backend/pipeline/errors.js';
import { chooseModel } from '../../backend/pipeline/config.js';
import { readPipelineFile } from '../../backend/check/pipelineFile.js';
import { bind } from '../../mlpipe/binder.js';
import { parse } from '../../mlpipe/syntax/parser.js';
import { comparisonText, comparisonVerdict, gateText, metricText, notRegisteredReason } from '../../mlpipe/evaluate/gateText.js';
import { runPipeline, type RunOptions, type RunResult } from '../../backend/pipeline/run.js';
import { BACKEND_REQUESTS, type BackendRequest } from '../../backend/train/index.js';
import { argumentsError, CliError, paint, useColor } from '../output.js';
import { Progress } from '../progress.js';
import type { CheckOutput, RunOutput } from '../../protocol/cli.js';
import type { Diagnostic } from '../../mlpipe/index.js';
import { diagnosticLines, diagnosticRows } from '../report.js';
import { RUN_USAGE } from '../usage.js';
import { cameBeforeRun, isAbort } from '../../backend/abort.js';

export { RUN_USAGE } from '../usage.js';

/** Exit codes: 0 trained and every gate passed, 3 trained but a gate failed (nothing registered), 1 refused or failed. */
export const GATES_FAILED = 3;

export function jsonOfRun(r: RunResult, warnings: CheckOutput = []): RunOutput {
  return {
    runId: r.runId,
    status: r.status,
    pipeline: r.pipeline,
    model: r.model,
    task: r.task,
    backend: r.backend,
    metrics: r.metrics,
    gates: { passed: r.gates.passed, results: r.gates.results, comparisons: r.gates.comparisons },
    registered: r.registered,
    ...(r.notRegistered ? { notRegistered: r.notRegistered } : {}),
    weightsHash: r.weightsHash,
    dataVersions: r.dataVersions,
    seeds: r.seeds,
    rows: r.rows,
    ...(r.leftOut ? { leftOut: r.leftOut } : {}),
    ...(r.emptyWindows ? { emptyWindows: r.emptyWindows } : {}),
    ...(r.unmeasurableDrift ? { unmeasurableDrift: r.unmeasurableDrift } : {}),
    ...(r.sharedName ? { sharedName: r.sharedName } : {}),
    ...(warnings.length ? { warnings } : {}),
    artifactDir: r.artifactDir,
    seconds: r.seconds,
  };
}

export function summary(r: RunResult, color: boolean): string {
  const lines = [`${paint(color, 'bold', `run ${r.runId}`)}  ${r.model} (${r.task}) on ${r.backend}, ${r.seconds.toFixed(1)}s`];
  lines.push(`  rows      train ${r.rows.train}, test ${r.rows.test}${r.rows.validation ? `, validation ${r.rows.validation}` : ''}`);
  if (r.leftOut) lines.push(`  ${paint(color, 'yellow', 'left out')}  ${r.leftOut.replace(/^left out of /, '')}`);
  for (const w of r.emptyWindows ?? []) lines.push(`  ${paint(color, 'yellow', 'windows')}   ${w}`);
  for (const d of r.unmeasurableDrift ?? []) lines.push(`  ${paint(color, 'yellow', 'monitor')}   ${d.replace(/^monitor: /, '')}; mlpipe serve refuses it`);
  lines.push(`  metrics   ${Object.entries(r.metrics).map(([k, v]) => `${k} ${metricText(v)}`).join('  ')}`);
  for (const g of r.gates.results)
    lines.push(`  gate      ${gateText(g)} ${g.passed ? paint(color, 'green', 'pass') : paint(color, 'red', 'FAIL')}`);
  for (const c of r.gates.comparisons) lines.push(`  compare   ${comparisonText(c)}, ${paint(color, c.passed ? 'green' : 'red', comparisonVerdict(c))}`);
  lines.push(`  weights   ${r.weightsHash}`);
  if (r.sharedName) lines.push(`  ${paint(color, 'yellow', 'registry')}  ${r.sharedName}`);
  lines.push(
    r.registered
      ? `  registered ${paint(color, 'green', `${r.registered.name} v${r.registered.version} (${r.registered.stage})`)}`
      : `  registered nothing${r.gates.passed ? (r.notRegistered ? `: ${r.notRegistered}` : '') : `: ${notRegisteredReason(r.gates)}`}`,
  );
  return lines.join('\n') + '\n';
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { backend: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw argumentsError('run', RUN_USAGE, ['FILE'], positionals);
  if (values.backend !== undefined && !(BACKEND_REQUESTS as readonly string[]).includes(values.backend))
    throw new CliError(`mlpipe run: --backend takes ${BACKEND_REQUESTS.join(', ')}, not '${values.backend}'`);
  readableFile(positionals[0], 'run', { pipeline: true });
  const file = positionals[0];
  const progress = new Progress(process.stderr, values.json && !process.stderr.isTTY);
  let warnings: CheckOutput = [];
  const color = useColor(process.stdout);
  const { results, several } = await runModels(
    file,
    values.model,
    {
      backend: values.backend as BackendRequest | undefined,
      onEpoch: progress.epoch,
      onStage: progress.stage,
      // Once per command: the runs of a pipeline's several models check the same file.
      onWarnings: (found) => {
        if (warnings.length) return;
        warnings = diagnosticRows([{ file, diagnostics: found }]);
        printWarnings(file, found);
      },
    },
    (r) => {
      progress.end();
      if (!values.json) process.stdout.write(summary(r, color));
    },
  ).finally(progress.end);
  if (values.json) {
    // One run's object as before; an array, in the file's order, when each of several models was trained.
    const out = results.map((r) => jsonOfRun(r, warnings));
    process.stdout.write(JSON.stringify(several ? out : out[0], null, 2) + '\n');
  }
  return results.every((r) => r.gates.passed) ? 0 : GATES_FAILED;
}

/**
 * The runs one command makes: the model named, else the one a run trains (`chooseModel`), else,
 * for several models and none registered, each in the file's order, a run of its own (read from
 * the file's text before any run, so no run is started only to learn that).
 * `done` is called with each run as it ends (a summary printed while the next trains);
 * `several` says the last case, whose `--json` is an array.
 */
export async function runModels(file: string, model: string | undefined, options: Omit<RunOptions, 'file' | 'model' | 'signal'>, done: (r: RunResult) => void): Promise<{ results: RunResult[]; several: boolean }> {
  const once = (m: string | undefined) => withInterrupt((signal) => runOrReport(file, () => runPipeline({ ...options, file, model: m, signal })));
  const each = model === undefined ? await modelsTrainedEach(file) : undefined;
  const results: RunResult[] = [];
  for (const m of each ?? [model]) {
    const r = await once(m);
    results.push(r);
    done(r);
  }
  return { results, several: each !== undefined };
}

/** The models a run of `file` trains each of (`SeveralModelsError`), or undefined: one run, which says what else is wrong. */
async function modelsTrainedEach(file: string): Promise<string[] | undefined> {
  try {
    chooseModel(bind(parse(await readPipelineFile(file))));
  } catch (e) {
    if (e instanceof SeveralModelsError) return e.models;
  }
  return undefined;
}

/**
 * The check's warnings on stderr, as `mlpipe check` prints them, before the data loads: the run
 * goes on (the exit code is the run's), but a user who runs without checking first sees them.
 * On stderr, beside the progress: stdout is the summary (or the JSON, which lists them too).
 */
export function printWarnings(file: string, warnings: readonly Diagnostic[]): void {
  const n = warnings.length;
  const lines = diagnosticLines(file, warnings, useColor(process.stderr));
  process.stderr.write(`${lines.join('\n')}\n${n} warning${n === 1 ? '' : 's'} from the check; the run goes on\n`);
}

/**
 * Ctrl-C (or SIGTERM) stops training between batches: the run is recorded as interrupted and
 * the command exits with 130, the shell's code for an interrupt.
 */
export async function withInterrupt<T>(f: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await f(controller.signal);
  } catch (e) {
    if (controller.signal.aborted && isAbort(e))
      throw new CliError(cameBeforeRun(e) ? 'mlpipe: interrupted while checking the data: no run was started' : 'mlpipe: interrupted: the run is recorded as interrupted', 130);
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Turns a refused pipeline into one line, its diagnostics on `file`, and exit code 1; other errors go to the CLI's one mapping. */
export async function runOrReport<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PipelineError) throw new CliError(`mlpipe: ${e.message}`, 1, e.diagnostics, file);
    throw e;
  }
}
