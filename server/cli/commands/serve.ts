import { parseArgs } from 'node:util';
import { ServeError } from '../../backend/serve/config.js';
import { parseServedModelRef } from '../../backend/registry/served.js';
import { RegistryError } from '../../backend/registry/errors.js';
import { startServing } from '../../backend/serve/server.js';
import { monitorChangeLine } from '../../backend/serve/monitorChange.js';
import { watchMonitorBlock } from '../../backend/serve/monitorWatch.js';
import { servedVersionChangeLine } from '../../backend/serve/servedVersionChange.js';
import { watchServedVersion } from '../../backend/serve/servedVersionWatch.js';
import { followAlerts } from '../../backend/rpc/alerts.js';
import { AlertLines } from '../alertLines.js';
import { foreignVersionLine } from '../../backend/foreignVersionLine.js';
import { LogLines } from '../logLines.js';
import { argumentsError, CliError } from '../output.js';
import { wholeNumberOption } from '../numberOption.js';
import { readableFile } from '../pipelineFiles.js';
import { runOrReport } from './run.js';
import { SERVE_USAGE } from '../usage.js';

export { SERVE_USAGE };

/** Errors of serving commands that describe the user's input: one line, exit 1. */
export async function serveOrReport<T>(command: string, file: string, f: () => Promise<T>): Promise<T> {
  readableFile(file, command, { pipeline: true });
  return runOrReport(file, async () => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof ServeError) throw new CliError(`mlpipe: ${e.message}`, 1);
      throw e;
    }
  });
}

/**
 * `--model NAME@STAGE` read before any work: a malformed one ('churn_model@prod') is a usage
 * error, exit 2, as promote's STAGE is; it was exit 1 after the pipeline and store were read.
 * Whether the model and version exist is the registry's to say (exit 1).
 */
export function checkModelOption(command: string, ref: string | undefined): void {
  if (ref === undefined) return;
  try {
    parseServedModelRef(ref);
  } catch (e) {
    if (e instanceof RegistryError) throw new CliError(`mlpipe ${command}: --model: ${e.message}`);
    throw e;
  }
}

/** Why the server could not listen, and what to do; the errno code stays in the line for searches. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: "another program is listening on that port: stop it, or choose another with --port ('--port 0' takes a free one)",
  EACCES: 'this user may not listen on that port (below 1024 needs privileges): choose one from 1024 up with --port',
  EADDRNOTAVAIL: "this machine has no such address: give --host one of its own, or 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
  ENOTFOUND: "no host has that name: give --host an address, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
  EAI_AGAIN: "the host name could not be looked up (no name server answered): give --host an address, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
};

export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      model: { type: 'string' },
      'body-limit': { type: 'string' },
      'retention-days': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw argumentsError('serve', SERVE_USAGE, ['FILE'], positionals);
  checkModelOption('serve', values.model);
  // An empty host ('--host "$HOST"' with HOST unset) listened on every interface, not on this machine only.
  if (values.host !== undefined && values.host.trim() === '') throw new CliError(`mlpipe serve: --host takes a host name or address (127.0.0.1, 0.0.0.0), not an empty value`);
  const port = wholeNumberOption('serve', 'port', values.port, 0, 65535);
  const bodyLimit = wholeNumberOption('serve', 'body-limit', values['body-limit'], 1, 1 << 30, 'a whole number of bytes');
  const retentionDays = wholeNumberOption('serve', 'retention-days', values['retention-days'], 1, 100000, 'a whole number of days');
  const serving = await serveOrReport('serve', positionals[0], async () => {
    try {
      return await startServing(positionals[0], { port, host: values.host, model: values.model, bodyLimit, log: { retentionDays }, onHistory: (line) => process.stderr.write(`${line}\n`) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { port?: number };
      const why = err.code !== undefined && Object.hasOwn(LISTEN_ERRORS, err.code) ? LISTEN_ERRORS[err.code] : undefined;
      // The port is the one listen was given: --port, else the serve block's (or its default).
      // Port 0 ('any free port') or none known (a host that failed its lookup never reached a
      // port): the host alone, not ':0' or ':its port'.
      const at = port ?? err.port;
      if (why) throw new CliError(`mlpipe serve: cannot listen on ${values.host ?? '127.0.0.1'}${at ? `:${at}` : ''} (${err.code}): ${why}`, 1);
      throw e;
    }
  });
  const s = serving.served;
  process.stderr.write(`serving ${s.name} v${s.version} (${s.stage}, run ${s.runId})${serving.log ? '' : ', predictions not logged'}\n`);
  const foreign = foreignVersionLine(s);
  if (foreign) process.stderr.write(`${foreign}\n`);
  process.stdout.write(`listening on ${serving.url}\n`);
  // A terminal's server says when the monitor alerts and how a retrain it started ended (the
  // editor shows the same through the backend's events).
  const lines = new AlertLines((line) => process.stderr.write(`${line}\n`));
  const alerts = followAlerts(serving, s.file, (a) => lines.add(a));
  const unfollowRetrains = serving.retrainer?.followDone((action, _outcome, ids) => {
    lines.recorded(ids, action);
    process.stderr.write(`${action}\n`);
  });
  const logLines = new LogLines((line) => process.stderr.write(`${line}\n`));
  const log = serving.log;
  const unfollowLog = log?.followWritten(() => logLines.seen(log.written, log.failedWrites, log.lastError));
  // An edited monitor block applies at the next start; until then `mlpipe drift` measures otherwise.
  const unwatchMonitor = watchMonitorBlock(s.file, s.config, (change) => process.stderr.write(`${monitorChangeLine(positionals[0], change)}\n`));
  // A promote, rollback or register that moves what the served model names applies at the next start too.
  const unwatchVersion = watchServedVersion(s, (change) => process.stderr.write(`${servedVersionChangeLine(s, change)}\n`));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  alerts.close();
  lines.flush();
  unfollowLog?.();
  unwatchMonitor();
  unwatchVersion();
  // A running retrain stops with the server (its run recorded as interrupted) rather than being
  // waited for in silence; its outcome line still comes, once its process has ended.
  if (serving.retrainer?.cancel()) process.stderr.write('stopping: the running retrain ends with the server, its run recorded as interrupted\n');
  await serving.close();
  unfollowRetrains?.();
  return 0;
}
