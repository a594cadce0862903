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
