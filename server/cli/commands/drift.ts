import { parseArgs } from 'node:util';
import { driftReport, NO_PREDICTIONS, REPORTED_ALERTS } from '../../backend/monitor/monitor.js';
import { LogReader } from '../../backend/serve/log.js';
import { loadServedModel } from '../../backend/serve/served.js';
import { driftVerdictText, LOGGING_OFF_TEXT, missingShareText, qualityText } from '../../mlpipe/drift/verdict.js';
import type { DriftReport } from '../../protocol/serving.js';
import { argumentsError, paint, useColor } from '../output.js';
import { checkModelOption, serveOrReport } from './serve.js';
import { DRIFT_USAGE } from '../usage.js';

export { DRIFT_USAGE };

/** The report as `mlpipe drift` prints it (without `--json`). */
export function driftText(r: DriftReport, color: boolean, other: number | undefined): string {
  const full = r.filled >= r.window;
  const lines = [
    full
      ? `${r.model.name} v${r.model.version}: drift over the last ${r.window} logged predictions`
      : `${r.model.name} v${r.model.version}: ${r.filled} of ${r.window} predictions; verdict held until the window is full`,
  ];
  if (r.loggingOff) lines.push(`  ${LOGGING_OFF_TEXT}`);
  if (r.note) lines.push(`  ${r.note}`);
  if (other !== undefined) lines.push(`  '--model ${r.model.name}@${other}' reads them`);
  for (const t of r.targets) {
    const v = t.value === null ? 'n/a' : t.value.toPrecision(4);
    const words = driftVerdictText(t);
    const verdict = words === 'DRIFTED' ? paint(color, 'red', words) : words === 'ok' ? paint(color, 'green', words) : words;
    const missing = missingShareText(t);
    lines.push(`  ${t.target.padEnd(18)} ${t.statistic.padEnd(11)} ${v.padStart(10)} ${t.op} ${t.threshold}  ${verdict}${t.defaultTest ? '  (default test)' : ''}${missing ? `  ${missing}` : ''}`);
  }
  // The feedback labels' verdict on the window, as GET /drift and --json give it.
  const quality = qualityText(r);
  if (quality) lines.push(quality);
  // A report lists the newest alerts only: "alerts (100)" read as the total when 171 were recorded.
  lines.push(r.alerts.length ? `alerts (${r.alerts.length >= REPORTED_ALERTS ? `the latest ${r.alerts.length}; older ones are in the prediction log` : r.alerts.length}):` : 'no alerts');
  for (const a of r.alerts)
    lines.push(`  ${a.at}  ${a.target} ${a.statistic} ${a.value.toPrecision(4)} (threshold ${a.threshold}, window ${a.window}, ${a.model.name} v${a.model.version})${a.action ? `  ${a.action}` : ''}`);
  return lines.join('\n') + '\n';
}

/** The current drift report of the served model, from the prediction log, and the alerts. */
export async function driftCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, model: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw argumentsError('drift', DRIFT_USAGE, ['FILE'], positionals);
  checkModelOption('drift', values.model);
  return serveOrReport('drift', positionals[0], async () => {
    const served = await loadServedModel(positionals[0], { model: values.model });
    const reader = LogReader.toRead(served.root);
    try {
      // Unlike a server without a log (GET /drift: 409), the command still reads the log on disk: it
      // is the last record of what was served; it is only stale, and says so (`loggingOff`).
      const report = driftReport(served, reader);
      const other = report.note?.startsWith(NO_PREDICTIONS) ? reader.otherLoggedVersion(served.name, served.version) : undefined;
      process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : driftText(report, useColor(process.stdout), other));
      return 0;
    } finally {
      reader.close();
    }
  });
}
