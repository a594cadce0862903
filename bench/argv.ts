// The benches' command line: `--name value` options and bare `--flag`s, read one way by every
// script, so a mistyped number stops the run with its name instead of measuring NaN rows.

/** The option as written on the command line, whether the script names it with its dashes or not. */
function dashed(name: string): string {
  return name.startsWith('--') ? name : `--${name}`;
}

function at(name: string): number {
  return process.argv.indexOf(dashed(name));
}

/** The word after `--name`, or `fallback` when the option is absent. */
export function option(name: string): string | undefined;
export function option(name: string, fallback: string): string;
export function option(name: string, fallback?: string): string | undefined {
  const i = at(name);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  // A value may itself begin with dashes (`--node-flags "--max-semi-space-size=64"`).
  if (value === undefined) throw new Error(`${dashed(name)} needs a value`);
  return value;
}

/** `--name N` as a finite number, or `fallback` when the option is absent. */
export function numberOption(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`${dashed(name)} takes a number, not '${text}'`);
  return n;
}

/** Whether the bare `--name` is on the command line. */
export function flag(name: string): boolean {
  return at(name) >= 0;
}
