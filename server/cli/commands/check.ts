import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveUserCached } from '../../runtime/codeCache.js';
import { checkFiles as checkEach } from '../../backend/check/checkFiles.js';
import { projectStoredChecks } from '../../backend/check/projectInspector.js';
import type { StoredChecks } from '../../backend/check/storedChecks.js';
import { sha256Bytes } from '../../backend/data/hash.js';
import type { DataInspector } from '../../backend/data/inspect.js';
import { CliError, shownPath, useColor } from '../output.js';
import { pipelineFiles } from '../pipelineFiles.js';
import { readStdinPipeline, stdinPath } from '../stdinPipeline.js';
import { pipelineText } from '../../mlpipe/syntax/fileText.js';
import { wholeNumberOption } from '../numberOption.js';
import { formatJson, formatText, sampledNote, type CheckedFile } from '../report.js';
import { CHECK_USAGE } from '../usage.js';

export { CHECK_USAGE } from '../usage.js';
export { formatJson, formatText, type CheckedFile } from '../report.js';

/**
 * Stored checks, keyed by this build: built, the checker is the bundle the build names beside
 * this one (scripts/build.mjs), and the two bundles' bytes name the build, so a rebuilt checker
 * never reads another's results. Run from source there is no such name: nothing is stored.
 */
function storedChecks(): StoredChecks | undefined {
  const checker = process.env.MLPIPE_CHECKER_BUNDLE;
  if (!checker) return undefined;
  try {
    // And the Node that runs them: number printing or sorting could differ in another.
    const build = `${process.version}:${sha256Bytes(Buffer.concat([readFileSync(__filename), readFileSync(join(__dirname, checker))]))}`;
    return projectStoredChecks(build);
  } catch {
    return undefined;
  }
}

/** Checks files with their data; an unreadable file is a usage/IO error (exit 2). */
export async function checkFiles(files: string[], inspector?: DataInspector, maxBytes?: number, command = 'check', texts?: ReadonlyMap<string, string>): Promise<CheckedFile[]> {
  const checked = await checkEach(files, inspector, storedChecks(), { maxBytes, texts });
  // The checker's bundle, when a file needed it, came through V8's code cache: keep what it compiled.
  saveUserCached();
  const out: CheckedFile[] = [];
  for (const c of checked) {
    if (c.unreadable !== undefined) throw new CliError(`mlpipe ${command}: cannot read ${c.file}: ${c.unreadable}`);
    out.push({ file: c.file, diagnostics: c.diagnostics, sampled: c.sampled });
  }
  return out;
}

/**
 * The fixer, loaded only for `--fix`: `require` keeps it (and the editor's quick fixes it runs)
 * out of every other check's start; the CLI's build makes it a bundle of its own.
 */
function loadFixer(): typeof import('../fixFiles.js').fixFiles {
  return (require('../fixFiles.js') as typeof import('../fixFiles.js')).fixFiles;
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string', default: 'text' }, 'max-sample-bytes': { type: 'string' }, fix: { type: 'boolean', default: false }, 'stdin-filename': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new CliError(`usage: ${CHECK_USAGE}`);
  if (values.format !== 'text' && values.format !== 'json') throw new CliError(`mlpipe check: --format takes text or json, not '${values.format}'`);
  const maxBytes = wholeNumberOption('check', 'max-sample-bytes', values['max-sample-bytes'], 1, undefined, 'a whole number of bytes');
  const piped = stdinPath('check', positionals, values['stdin-filename']);
  if (piped !== null && values.fix) throw new CliError("mlpipe check: --fix rewrites files, and '-' is stdin: fix the file itself, or let the editor's quick fixes do it");
  const files = piped !== null ? [piped] : pipelineFiles(positionals);
  const texts = piped !== null ? new Map([[piped, pipelineText(await readStdinPipeline('check'))]]) : undefined;
  if (values.fix) {
    // What was changed is said before what is left; beside the JSON, whose schema is a contract.
    const say = (line: string) => (values.format === 'json' ? process.stderr : process.stdout).write(line + '\n');
    for (const f of await loadFixer()(files, maxBytes))
      for (const a of f.applied) say(`${shownPath(f.file)}:${a.line + 1}:${a.character + 1}  fixed  ${a.code}  ${a.title}`);
  }
  const results = await checkFiles(files, undefined, maxBytes, 'check', texts);
  if (values.format === 'json') {
    // The JSON is a list of diagnostics (its schema is a contract); the note goes beside it.
    for (const r of results) for (const s of r.sampled ?? []) process.stderr.write(sampledNote(shownPath(r.file), s) + '\n');
    process.stdout.write(formatJson(results));
  } else process.stdout.write(formatText(results, useColor(process.stdout)));
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
