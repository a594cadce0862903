import { CliError } from './output.js';

/**
 * A whole-number option (`--port 8080`, `--limit 50`): decimal digits only, within [min, max].
 * Anything else ('1e3', '0x10', ' 5', '1.5', '-1') is a usage error (exit 2) that names the
 * range, the same words for every command: `parity --limit 1e3` read 1000 and `0x10` 16 where
 * `serve --port` and `check --max-sample-bytes` refused them.
 */
export function wholeNumberOption(command: string, name: string, text: string | undefined, min: number, max?: number, what = 'a whole number'): number | undefined {
  if (text === undefined) return undefined;
  const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= (max ?? Number.MAX_SAFE_INTEGER)))
    throw new CliError(`mlpipe ${command}: --${name} takes ${what} from ${min}${max === undefined ? ' up' : ` to ${max}`}, not '${text}'`);
  return n;
}
