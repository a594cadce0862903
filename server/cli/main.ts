import { checkCommand, CHECK_USAGE } from './commands/check.js';
import { MODELS_USAGE, modelsCommand, PROMOTE_USAGE, promoteCommand, ROLLBACK_USAGE, rollbackCommand } from './commands/models.js';
import { REPRODUCE_USAGE, reproduceCommand } from './commands/reproduce.js';
import { RUN_USAGE, runCommand } from './commands/run.js';
import { RUNS_USAGE, runsCommand } from './commands/runs.js';
import { startCommand } from './commands/start.js';
import { DRIFT_USAGE, driftCommand } from './commands/drift.js';
import { PARITY_USAGE, parityCommand } from './commands/parity.js';
import { SCORE_USAGE, scoreCommand } from './commands/score.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { CliError } from './output.js';

type Command = (argv: string[]) => Promise<number>;

const USAGE = `mlpipe: reproducible ML pipelines without training-serving skew

usage:
  ${CHECK_USAGE}
  ${RUN_USAGE}
  ${RUNS_USAGE}
  ${REPRODUCE_USAGE}
  ${MODELS_USAGE}
  ${PROMOTE_USAGE}
  ${ROLLBACK_USAGE}
  ${SERVE_USAGE}
  ${SCORE_USAGE}
  ${DRIFT_USAGE}
  ${PARITY_USAGE}
  mlpipe start FILE                            check, then run (what \`npm start\` does)
  mlpipe lsp --stdio                           the language server, for any editor

exit codes: 0 success (check: clean or warnings only), 1 errors found or the run failed,
            2 usage or I/O error, 3 trained but a gate failed (nothing registered),
            130 interrupted (the run is recorded as interrupted)
`;

/** Commands of the spec's CLI contract that this version does not have yet, and what they will do. */
const PLANNED: Record<string, string> = {};

const commands: Record<string, Command> = {
  check: checkCommand,
  run: runCommand,
  runs: runsCommand,
  reproduce: reproduceCommand,
  models: modelsCommand,
  promote: promoteCommand,
  rollback: rollbackCommand,
  start: startCommand,
  serve: serveCommand,
  score: scoreCommand,
  drift: driftCommand,
  parity: parityCommand,
  lsp: async () => {
    const { startStdioServer } = await import('./commands/lsp.js');
    await startStdioServer();
    return new Promise<number>(() => undefined); // runs until the client closes the connection
  },
  help: async () => {
    process.stdout.write(USAGE);
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command && PLANNED[name]) {
    process.stderr.write(`mlpipe ${name}: not in this version yet (${PLANNED[name]}); see \`mlpipe help\` for what is\n`);
    return 2;
  }
  if (!command) {
    process.stderr.write(`mlpipe: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(e.message + '\n');
      return e.exitCode;
    }
    if (e instanceof Error && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`mlpipe ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`mlpipe: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
