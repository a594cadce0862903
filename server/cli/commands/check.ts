import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkDocument } from '../../backend/check/checkDocument.js';
import { projectInspector } from '../../backend/check/projectInspector.js';
import { DataInspector } from '../../backend/data/inspect.js';
import { CliError, useColor } from '../output.js';
import { formatJson, formatText, type CheckedFile } from '../report.js';
import { CHECK_USAGE } from '../usage.js';

export { CHECK_USAGE } from '../usage.js';
export { formatJson, formatText, type CheckedFile } from '../report.js';

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

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string', default: 'text' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new CliError(`usage: ${CHECK_USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new CliError(`mlpipe check: --format takes text or json, not ${values.format}`);
  const results = await checkFiles(positionals, projectInspector());
  process.stdout.write(values.format === 'json' ? formatJson(results) : formatText(results, useColor(process.stdout)));
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
