import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../mlpipe/index.js';

/**
 * A file as the CLI prints it: relative to the current folder when it is inside it, else
 * absolute. `mlpipe check /dev/null` printed '../../../../dev/null', a path that depends on where
 * the command ran and that no one would type; git and tsc print such paths relative, ESLint
 * always absolute. Absolute outside the folder is what a user can copy, and what the '$mlpipe'
 * problem matcher ('autoDetect') opens.
 */
export function shownPath(file: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? abs : rel;
}

/** Terminal output helpers: colour only on a TTY, and never when NO_COLOR is set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

const CODES = { red: 31, yellow: 33, blue: 34, cyan: 36, gray: 90, bold: 1, green: 32 } as const;
export type Color = keyof typeof CODES;

export function paint(on: boolean, color: Color, s: string): string {
  return on ? `\u001b[${CODES[color]}m${s}\u001b[0m` : s;
}

/** An error the CLI reports as one line and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    /** The checker's findings behind a refused pipeline, printed with the line. */
    readonly diagnostics?: Diagnostic[],
    /** The file the diagnostics are about. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** 'a', 'a and b', 'a, b and c'. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A command given too few or too many arguments, or without an option it needs: what is missing
 * or extra, in words, then its usage (exit 2). A bare usage line left the user to compare it with
 * what they typed: `mlpipe score p.mlpipe --input in.csv` did not say that --output was missing.
 */
export function argumentsError(command: string, usage: string, names: readonly string[], given: readonly string[], missingOptions: readonly string[] = []): CliError {
  if (given.length > names.length) {
    const takes = names.length === 1 ? `one argument, ${names[0]}` : `${names.length} arguments, ${listed(names)}`;
    return new CliError(`mlpipe ${command}: takes ${takes}, not ${given.length} (${given.map((g) => `'${g}'`).join(' ')}); usage: ${usage}`);
  }
  const missing = [...names.slice(given.length), ...missingOptions];
  return new CliError(`mlpipe ${command}: ${listed(missing)} ${missing.length === 1 ? 'is' : 'are'} missing; usage: ${usage}`);
}
