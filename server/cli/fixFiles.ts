import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument } from '../backend/check/checkDocument.js';
import { projectFactsCache, projectInspector, storedVerdicts } from '../backend/check/projectInspector.js';
import { readPipelineRaw } from '../backend/check/pipelineFile.js';
import { unreadableReason } from '../backend/check/checkFiles.js';
import { fixAll, type AppliedFix } from '../lsp/fixAll.js';
import { pipelineText } from '../mlpipe/syntax/fileText.js';
import { CliError } from './output.js';
import { replaceFile } from './replaceFile.js';

/**
 * How many times a file is re-checked for fixes a previous pass left out (for an overlap, or
 * uncovered by a fix): ESLint's bound. A fix that keeps offering itself stops here.
 */
const MAX_PASSES = 10;

export interface FixedFile {
  file: string;
  /** Each taken fix, its line and column in the text of the pass that took it. */
  applied: AppliedFix[];
}

/**
 * `mlpipe check --fix`: applies each file's preferred quick fixes, the editor's "fix all"
 * (`fixAll`, one implementation), re-checking with the data after each pass, and writes the file
 * whole (its byte order mark kept) when anything changed. The caller then checks the files as
 * written and reports what is left.
 */
export async function fixFiles(files: readonly string[], maxBytes?: number): Promise<FixedFile[]> {
  const facts = projectFactsCache();
  const inspector = projectInspector({ facts, maxBytes });
  const roots = [process.cwd()];
  const out: FixedFile[] = [];
  for (const file of files) {
    let raw: string;
    try {
      raw = await readPipelineRaw(file);
    } catch (e) {
      throw new CliError(`mlpipe: cannot read ${file}: ${unreadableReason(e)}`);
    }
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const path = resolve(file);
    const uri = pathToFileURL(path).href;
    let text = pipelineText(raw);
    const applied: AppliedFix[] = [];
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const analysis = await checkDocument(path, text, inspector, undefined, storedVerdicts(facts, path));
      const found = fixAll({ ...analysis, uri, version: pass, path, text }, roots);
      if (found.applied.length === 0) break;
      applied.push(...found.applied);
      text = TextDocument.applyEdits(TextDocument.create(uri, 'mlpipe', pass, text), found.edits);
    }
    if (applied.length) {
      try {
        replaceFile(file, bom + text);
      } catch (e) {
        throw new CliError(`mlpipe check --fix: cannot write ${file}: ${(e as Error).message}`);
      }
    }
    out.push({ file, applied });
  }
  return out;
}
