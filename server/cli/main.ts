import { SERVER_VERSION } from '../lsp/version.js';
import type { ErrorOutput } from '../protocol/cli.js';
import { saveUserCached } from '../runtime/codeCache.js';
import { failureOf, type Failure } from './errors.js';
import { CliError, useColor } from './output.js';
import { COMMAND_USAGE, commandUsage, USAGE } from './usage.js';

type Command = (argv: string[]) => Promise<number>;

/**
 * Each command is loaded when it is called: `--help` loads nothing, `check` never loads
 * TensorFlow.js or SQLite, and only `lsp` loads the language server. The build turns each
 * `./commands/<name>.js` into its own bundle; `require` (not `import()`) loads it without
 * Node's ESM loader scanning the bundle for exports first.
 */
const commands: Record<string, () => Command> = {
  check: () => (require('./commands/check.js') as typeof import('./commands/check.js')).checkCommand,
  run: () => (require('./commands/run.js') as typeof import('./commands/run.js')).runCommand,
  runs: () => (require('./commands/runs.js') as typeof import('./commands/runs.js')).runsCommand,
  reproduce: () => (require('./commands/reproduce.js') as typeof import('./commands/reproduce.js')).reproduceCommand,
  models: () => (require('./commands/models.js') as typeof import('./commands/models.js')).modelsCommand,
  promote: () => (require('./commands/models.js') as typeof import('./commands/models.js')).promoteCommand,
  rollback: () => (require('./commands/models.js') as typeof import('./commands/models.js')).rollbackCommand,
  register: () => (require('./commands/models.js') as typeof import('./commands/models.js')).registerCommand,
  start: () => (require('./commands/start.js') as typeof import('./commands/start.js')).startCommand,
  serve: () => (require('./commands/serve.js') as typeof import('./commands/serve.js')).serveCommand,
  score: () => (require('./commands/score.js') as typeof import('./commands/score.js')).scoreCommand,
  drift: () => (require('./commands/drift.js') as typeof import('./commands/drift.js')).driftCommand,
  parity: () => (require('./commands/parity.js') as typeof import('./commands/parity.js')).parityCommand,
  format: () => (require('./commands/format.js') as typeof import('./commands/format.js')).formatCommand,
  lsp: () => (require('./commands/lsp.js') as typeof import('./commands/lsp.js')).lspCommand,
  help: () => async (args) => {
    if (args.length === 0) process.stdout.write(USAGE);
    else if (Object.hasOwn(COMMAND_USAGE, args[0])) process.stdout.write(commandUsage(args[0]));
    else {
      process.stderr.write(`mlpipe help: unknown command '${args[0]}'\n\n${USAGE}`);
      return 2;
    }
    return 0;
  },
};

/** Commands of the spec's CLI contract that this version does not have yet, and what they will do. */
const PLANNED: Record<string, string> = {};

/**
 * `--json`, or `--format json` / `--format=json`: the caller reads stdout as JSON, failures
 * included. Of several `--format`s the last counts, as it does for the command itself: an
 * earlier one made a failure JSON where the command printed text.
 */
function wantsJson(argv: string[]): boolean {
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  let format: string | undefined;
  options.forEach((a, i) => {
    if (a === '--format') format = options[i + 1];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
  });
  return options.includes('--json') || format === 'json';
}

/** The error object a `--json` caller reads on stdout (`ErrorOutput`), whatever the failure. */
function errorJson(f: Failure, diagnosticRows?: typeof import('./report.js').diagnosticRows): string {
  const diagnostics = f.diagnostics?.length && diagnosticRows ? diagnosticRows([{ file: f.file ?? '', diagnostics: f.diagnostics }]) : undefined;
  const out: ErrorOutput = { error: { message: f.message, exitCode: f.exitCode, diagnostics } };
  return JSON.stringify(out, null, 2) + '\n';
}

async function report(f: Failure, json: boolean): Promise<void> {
  if (json) {
    const { diagnosticRows } = await import('./report.js');
    process.stdout.write(errorJson(f, diagnosticRows));
  } else if (f.diagnostics?.length) {
    const { formatText } = await import('./report.js');
    process.stderr.write(formatText([{ file: f.file ?? '', diagnostics: f.diagnostics }], useColor(process.stderr)));
  }
  process.stderr.write(f.message + '\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    // Bug reports and CI logs name the build: the package's version, as the server's log does.
    process.stdout.write(`mlpipe ${SERVER_VERSION} (Node ${process.version})\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load && PLANNED[name]) {
    process.stderr.write(`mlpipe ${name}: not in this version yet (${PLANNED[name]}); see 'mlpipe help' for what is\n`);
    return 2;
  }
  if (!load) {
    // With --json the caller parses stdout: the error object, as for any other usage error.
    if (wantsJson(rest)) {
      await report({ message: `mlpipe: unknown command '${name}' (the commands: mlpipe --help)`, exitCode: 2 }, true);
      return 2;
    }
    process.stderr.write(`mlpipe: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  // `mlpipe run --help` (before any '--'): the command's usage, without loading the command.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (Object.hasOwn(COMMAND_USAGE, name) && (options.includes('--help') || options.includes('-h'))) {
    process.stdout.write(commandUsage(name));
    return 0;
  }
  try {
    // '--model=' ('--model=$NAME' with NAME unset) gave an empty value each command read as the
    // option left out: the run trained the first model without a word.
    const empty = options.find((a) => /^--[^=]+=$/.test(a));
    if (empty) throw new CliError(`mlpipe ${name}: ${empty} has no value: write ${empty}VALUE, or leave the option out`);
    // The same mistake as a separate argument ('--model "$NAME"'), or an empty file name.
    const blank = options.indexOf('');
    if (blank >= 0) {
      const option = options[blank - 1];
      const what = option !== undefined && /^--[^=]+$/.test(option) ? `${option} has an empty value` : `argument ${blank + 1} is empty`;
      throw new CliError(`mlpipe ${name}: ${what} (an unset shell variable?): give it a value, or leave it out`);
    }
    return await load()(rest);
  } catch (e) {
    const failure = failureOf(e, name);
    await report(failure, wantsJson(rest));
    return failure.exitCode;
  } finally {
    // Built, each command's bundle came through V8's code cache (scripts/build.mjs); this keeps
    // what the command compiled for the next run. Run from source, there is nothing to save.
    saveUserCached();
  }
}

/**
 * A failure outside `main`'s own reporting, said at once: one line on stderr and, for a `--json`
 * caller, the error object on stdout (written synchronously to a file or pipe, so before the
 * exit), which it printed nothing of: a caller parsing stdout read an empty document.
 */
function reportNow(e: unknown): Failure {
  const failure = failureOf(e, process.argv[2] ?? '');
  if (wantsJson(process.argv.slice(3))) process.stdout.write(errorJson(failure));
  process.stderr.write(failure.message + '\n');
  return failure;
}

// An error thrown outside the command's promise (a stray callback) is still one line and a code.
const stray = (e: unknown) => {
  process.exit(reportNow(e).exitCode);
};
process.on('uncaughtException', stray);
process.on('unhandledRejection', stray);

// A reader that stops early (`mlpipe check … | head`) closes the pipe: the output is no longer
// wanted, which is no bug. The command finishes and exits with its own code, as `| head` users
// with 'pipefail' expect.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') stray(e);
  });

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Only a failure while reporting a failure gets here.
    reportNow(e);
    process.exitCode = 70;
  },
);
