import { parseArgs } from 'node:util';
import { interrupted, isAbort } from '../../backend/abort.js';
import { jsonKeepingSign } from '../../backend/serve/rowJson.js';
import { noPredictionsNote } from '../../backend/monitor/monitor.js';
import { replayParity, type ParityReport } from '../../backend/monitor/parity.js';
import { LogReader } from '../../backend/serve/log.js';
import { loadServedModel } from '../../backend/serve/served.js';
import { argumentsError, CliError, paint, useColor } from '../output.js';
import { wholeNumberOption } from '../numberOption.js';
import { checkModelOption, serveOrReport } from './serve.js';
import { PARITY_USAGE } from '../usage.js';

export { PARITY_USAGE };

function text(r: ParityReport, color: boolean, note: string, other: number | undefined): string {
  const lines = [`${r.model.name} v${r.model.version}: ${r.rows} logged predictions replayed through the batch path`];
  lines.push(`  ${'target'.padEnd(18)} ${'match'.padStart(8)} ${'mismatch'.padStart(9)} ${'serving_only'.padStart(13)} ${'training_only'.padStart(14)}`);
  for (const t of r.targets)
    lines.push(`  ${t.target.padEnd(18)} ${String(t.match).padStart(8)} ${String(t.mismatch).padStart(9)} ${String(t.serving_only).padStart(13)} ${String(t.training_only).padStart(14)}`);
  // -0 shown as -0: a mismatch of the sign of zero read "serving 0, batch 0".
  for (const m of r.mismatches) lines.push(`  mismatch ${m.id} ${m.target}: serving ${jsonKeepingSign(m.serving)}, batch ${jsonKeepingSign(m.batch)}`);
  // Zero rows agree vacuously: saying "no skew" there read as a verdict on a model never served.
  if (r.rows === 0) lines.push(`nothing to compare: ${note}${other === undefined ? ' (serve it and send requests)' : `: '--model ${r.model.name}@${other}' replays them`}`);
  else lines.push(r.ok ? paint(color, 'green', 'no skew: serving and batch agree on every row') : paint(color, 'red', 'SKEW: serving and batch disagree (see above)'));
  for (const h of r.historyChanged ?? [])
    lines.push(`note: '${h.source}' was modified at ${h.modified}, after the first replayed prediction: windows replay against its current content, so a window's mismatch may be the data's change, not skew`);
  return lines.join('\n') + '\n';
}

/** Exit 0 when serving and batch agree on every replayed row, 1 when they do not. */
export async function parityCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, model: { type: 'string' }, limit: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw argumentsError('parity', PARITY_USAGE, ['FILE'], positionals);
  checkModelOption('parity', values.model);
  const limit = wholeNumberOption('parity', 'limit', values.limit, 1);
  // Ctrl-C or SIGTERM: one line and exit 130, as 'mlpipe run' says it. The replay only reads (the
  // store, the log), so there is nothing to undo; it stops at its next page.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await replayCommand(positionals[0], values.model, values.json, limit, controller.signal);
  } catch (e) {
    if (controller.signal.aborted && isAbort(e)) throw new CliError('mlpipe parity: interrupted: nothing was compared', 130);
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function replayCommand(file: string, model: string | undefined, json: boolean, limit: number | undefined, signal: AbortSignal): Promise<number> {
  return serveOrReport('parity', file, async () => {
    const served = await loadServedModel(file, { model });
    // Loading has no interruption point: a signal during it stops the command here.
    if (signal.aborted) throw interrupted('while loading the served model');
    const reader = LogReader.toRead(served.root);
    try {
      const report = await replayParity(served, reader, { limit, signal });
      const none = report.rows === 0;
      const note = none ? noPredictionsNote(reader, served.name, served.version) : '';
      const other = none ? reader.otherLoggedVersion(served.name, served.version) : undefined;
      process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : text(report, useColor(process.stdout), note, other));
      return report.ok ? 0 : 1;
    } finally {
      reader.close();
    }
  });
}
