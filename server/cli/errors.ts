import { isNoSpaceCode } from '../backend/tracking/noSpace.js';
import { isAllocationFailure } from '../backend/train/errors.js';
import type { Diagnostic } from '../mlpipe/index.js';
import { CliError } from './output.js';
import { COMMAND_USAGE } from './usage.js';

/** What the CLI shows for a failed command: one line, an exit code, and the checker's findings if any. */
export interface Failure {
  message: string;
  exitCode: number;
  diagnostics?: Diagnostic[];
  /** The file the diagnostics are about. */
  file?: string;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, gates: 3, internal: 70, interrupted: 130 } as const;

/**
 * Errors that describe the user's input or environment (matched by name, so this module does
 * not load the engine): the work was refused or failed, exit 1.
 */
const REFUSED = new Set([
  'DataError',
  'NoBackendError',
  'TrainInputError',
  'ModelFileError',
  'PlanError',
  'FeatureDataError',
  'StateError',
  'RequestError',
  'TimeValueError',
  'TrackingError',
  'RegistryError',
  'PipelineError',
]);

/** The run store or another needed file cannot be used at all: an I/O error, exit 2. */
const UNUSABLE = new Set(['StoreUnusableError', 'SchemaTooNewError']);

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EMFILE: 'too many open files',
  EEXIST: 'already exists',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

/**
 * Node's parseArgs error in plain words (its own text names the option, then gives advice on
 * '--' that rarely applies): what is wrong with the arguments, as one clause.
 */
function argumentProblem(code: string, message: string): string {
  const name = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && name) return `there is no option '${name}' (a FILE whose name starts with '-' goes after '--')`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name && /argument missing/.test(message)) return `'${name}' needs a value`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name && /does not take an argument/.test(message)) return `'${name}' takes no value`;
  // '--port -1': Node reads '-1' as an option and gives three lines of advice.
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name && /argument is ambiguous/.test(message))
    return `'${name}' needs a value, and what follows it starts with '-': write ${name}=VALUE for a value that starts with '-'`;
  return message;
}

/** '; usage: …' for a command that has a usage line. */
function usageOf(command: string): string {
  const lines = Object.prototype.hasOwnProperty.call(COMMAND_USAGE, command) ? COMMAND_USAGE[command] : undefined;
  return lines ? `; usage: ${lines.join(' or ')}` : '';
}

/** Maps any thrown value to what the user sees. Unknown errors are internal (exit 70): a bug. */
export function failureOf(e: unknown, command: string): Failure {
  // By name: each command is its own bundle, with its own copy of the class.
  if (e instanceof CliError || (e instanceof Error && e.name === 'CliError')) {
    const c = e as CliError;
    return { message: c.message, exitCode: c.exitCode, diagnostics: c.diagnostics, file: c.file };
  }
  const err = e instanceof Error ? (e as NodeJS.ErrnoException & { diagnostics?: Diagnostic[] }) : undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (err && code?.startsWith('ERR_PARSE_ARGS')) return { message: `mlpipe ${command}: ${argumentProblem(code, err.message)}${usageOf(command)}`, exitCode: EXIT.usage };
  if (err && UNUSABLE.has(err.name)) return { message: `mlpipe: ${err.message}`, exitCode: EXIT.usage };
  if (err && REFUSED.has(err.name)) {
    const diagnostics = err.name === 'PipelineError' && err.diagnostics?.length ? err.diagnostics : undefined;
    return { message: `mlpipe: ${err.message}`, exitCode: EXIT.failed, diagnostics };
  }
  if (err && err.name === 'SqliteError') {
    if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED'))
      return { message: 'mlpipe: the run store is busy: another mlpipe process holds its lock; try again', exitCode: EXIT.failed };
    // A full disk or a file made read-only under a running command (opening the store names the
    // file and these causes itself): the cause and what to do, not 'cannot be used'.
    if (isNoSpaceCode(code))
      return { message: `mlpipe ${command}: no space left for a database under .mlpipe (${code}: ${err.message}): free space on its disk and run the command again`, exitCode: EXIT.usage };
    if (code?.startsWith('SQLITE_READONLY'))
      return { message: `mlpipe ${command}: a database under .mlpipe cannot be written (${code}: ${err.message}): give this user write access to the .mlpipe folder and its files`, exitCode: EXIT.usage };
    // A write refused below SQLite (EFBIG past `ulimit -f`, EIO from a failing disk or a lost
    // network mount): SQLite says only 'disk I/O error'; its journal keeps the store whole.
    if (code?.startsWith('SQLITE_IOERR'))
      return {
        message: `mlpipe ${command}: a database under .mlpipe could not be read or written (${code}: ${err.message}): the system refused the call; check the disk (free space, errors in the system log), the file size limit (ulimit -f) and, for a network folder, its mount, then run the command again; the store keeps what was committed before`,
        exitCode: EXIT.usage,
      };
    return { message: `mlpipe: the run store cannot be used (${code}: ${err.message})`, exitCode: EXIT.usage };
  }
  if (err && code && ERRNO[code] && typeof err.syscall === 'string') {
    const path = err.path ? ` ${err.path}` : '';
    return { message: `mlpipe ${command}: cannot ${err.syscall}${path}: ${ERRNO[code]}`, exitCode: EXIT.usage };
  }
  // An allocation the system refused is the machine's limit, not a bug: training names
  // batch_size itself; anywhere else, this.
  if (err && isAllocationFailure(err))
    return { message: `mlpipe ${command}: out of memory (${err.message}): the data or the model needs more memory than this process was given; free memory, or use fewer rows at a time (batch_size, smaller requests)`, exitCode: EXIT.failed };
  const what = err ? `${err.name}: ${err.message}` : String(e);
  const stack = process.env.MLPIPE_DEBUG && err?.stack ? `\n${err.stack}` : '';
  return {
    message: `mlpipe: internal error (a bug; please report it with the command you ran): ${what.split('\n')[0]}${stack || ' (MLPIPE_DEBUG=1 shows the stack trace)'}`,
    exitCode: EXIT.internal,
  };
}
