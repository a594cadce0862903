import { parseArgs } from 'node:util';
import { checkFiles as checkEach } from '../../backend/check/checkFiles.js';
import type { DataInspector } from '../../backend/data/inspect.js';
import { CliError, useColor } from '../output.js';
import { formatJson, formatText, type CheckedFile } from '../report.js';
import { CHECK_USAGE } from '../usage.js';

export { CHECK_USAGE } from '../usage.js';
export { formatJson, formatText, type CheckedFile } from '../report.js';

/** Checks files with their data; an unreadable file is a usage/IO error (exit 2). */
export async function checkFiles(files: string[], inspector?: DataInspector): Promise<CheckedFile[]> {
  const checked = await checkEach(files, inspector);
  const out: CheckedFile[] = [];
  for (const c of checked) {
    if (c.unreadable !== undefined) throw new CliError(`mlpipe: cannot read ${c.file}: ${c.unreadable}`);
    out.push({ file: c.file, diagnostics: c.diagnostics });
  }
  return out;
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
