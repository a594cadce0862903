import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { checkDocument } from '../../backend/check/checkDocument.js';
import { DataInspector } from '../../backend/data/inspect.js';
import type { Diagnostic } from '../../mlpipe/index.js';
import { CliError, paint, useColor } from '../output.js';

export const CHECK_USAGE = 'mlpipe check FILE... [--format text|json]';

export interface CheckedFile {
  file: string;
  diagnostics: Diagnostic[];
}

/** Checks files with their data; unreadable files are a usage/IO error (exit 2). */
export async function checkFiles(files: string[], inspector = new DataInspector()): Promise<CheckedFile[]> {
  const out: CheckedFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
      throw new CliError(`mlpipe: cannot read ${file}: ${why}`);
    }
    const { diagnostics } = await checkDocument(file, text, inspector);
    out.push({ file, diagnostics });
  }
  return out;
}

export function formatText(results: CheckedFile[], color: boolean): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const { file, diagnostics } of results) {
    const shown = relative(process.cwd(), file) || file;
    for (const d of diagnostics) {
      const sev = d.severity === 'error' ? paint(color, 'red', 'error') : d.severity === 'warning' ? paint(color, 'yellow', 'warning') : paint(color, 'blue', 'info');
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
      const pos = paint(color, 'cyan', `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}`);
      lines.push(`${pos}  ${sev}  ${paint(color, 'gray', d.code)}  ${d.message}`);
    }
  }
  const n = results.length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const summary =
    errors + warnings + infos === 0
      ? paint(color, 'green', `${plural(n, 'file')} checked: no problems`)
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info in ${plural(n, 'file')}`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}

export function formatJson(results: CheckedFile[]): string {
  const rows = results.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({ file, code: d.code, severity: d.severity, message: d.message, range: d.range })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string', default: 'text' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new CliError(`usage: ${CHECK_USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new CliError(`mlpipe check: --format takes text or json, not ${values.format}`);
  const results = await checkFiles(positionals);
  process.stdout.write(values.format === 'json' ? formatJson(results) : formatText(results, useColor(process.stdout)));
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
