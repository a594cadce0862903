import { parseArgs } from 'node:util';
import { formatFile } from '../../mlpipe/format/format.js';
import { parse } from '../../mlpipe/syntax/parser.js';
import { pipelineText } from '../../mlpipe/syntax/fileText.js';
import { readPipelineRaw } from '../../backend/check/pipelineFile.js';
import { ioReason } from '../../backend/data/fileCalls.js';
import { CliError } from '../output.js';
import { replaceFile } from '../replaceFile.js';
import { pipelineFiles } from '../pipelineFiles.js';
import { readStdinPipeline, stdinPath } from '../stdinPipeline.js';
import { FORMAT_USAGE } from '../usage.js';

export { FORMAT_USAGE } from '../usage.js';

/**
 * The editor's formatter for terminals and CI (as `prettier --write` / `--check`): rewrites each
 * file in place, or with `--check` only lists the files it would change. A file with syntax
 * errors is never touched (the formatter does not guess at broken code) and makes the exit 1.
 * Exit 0 when every file is (now) formatted, 1 when `--check` found one to change or a file did
 * not parse, 2 on a usage or I/O error.
 */
export async function formatCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false }, 'stdin-filename': { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new CliError(`usage: ${FORMAT_USAGE}`);
  const piped = stdinPath('format', positionals, values['stdin-filename']);
  if (piped !== null) return formatStdin(piped, values.check);
  const files = pipelineFiles(positionals, 'format');
  let changed = 0;
  let broken = 0;
  for (const file of files) {
    let raw: string;
    try {
      raw = await readPipelineRaw(file);
    } catch (e) {
      throw new CliError(`mlpipe format: cannot read ${file}: ${ioReason(e)}`);
    }
    // A leading BOM is not part of the program; it is kept as the file had it.
    const text = pipelineText(raw);
    const bom = raw.slice(0, raw.length - text.length);
    const parsed = parse(text);
    const errors = parsed.syntaxErrors.length;
    if (errors > 0) {
      broken++;
      process.stderr.write(`${file}: not formatted: ${errors} syntax error${errors === 1 ? '' : 's'} ('mlpipe check ${file}' shows ${errors === 1 ? 'it' : 'them'})\n`);
      continue;
    }
    const formatted = formatFile(parsed);
    if (formatted === text) continue;
    changed++;
    if (values.check) {
      process.stdout.write(`would reformat ${file}\n`);
      continue;
    }
    try {
      replaceFile(file, bom + formatted);
    } catch (e) {
      throw new CliError(`mlpipe format: cannot write ${file}: ${(e as Error).message}`);
    }
    process.stdout.write(`formatted ${file}\n`);
  }
  const n = files.length;
  const summary = values.check
    ? `${changed} of ${n} file${n === 1 ? '' : 's'} would be reformatted`
    : `${changed} of ${n} file${n === 1 ? '' : 's'} reformatted`;
  process.stderr.write(`${summary}${broken ? `, ${broken} left alone with syntax errors` : ''}\n`);
  return broken > 0 || (values.check && changed > 0) ? 1 : 0;
}

/**
 * `mlpipe format -`: stdin formatted to stdout, whole, as an editor's format-on-save or a `:%!`
 * filter wants it (prettier's and black's `-`). With syntax errors nothing goes to stdout and the
 * exit is 1, so a filter never swaps the text for an error; with `--check`, only whether it
 * would change (exit 1), as for files.
 */
async function formatStdin(name: string, check: boolean): Promise<number> {
  const raw = await readStdinPipeline('format');
  const text = pipelineText(raw);
  const parsed = parse(text);
  const errors = parsed.syntaxErrors.length;
  if (errors > 0) {
    process.stderr.write(`${name}: not formatted: ${errors} syntax error${errors === 1 ? '' : 's'} ('mlpipe check -' shows ${errors === 1 ? 'it' : 'them'})\n`);
    return 1;
  }
  const formatted = formatFile(parsed);
  if (check) {
    if (formatted === text) return 0;
    process.stdout.write(`would reformat ${name}\n`);
    return 1;
  }
  process.stdout.write(raw.slice(0, raw.length - text.length) + formatted);
  return 0;
}
