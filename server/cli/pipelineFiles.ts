import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_PIPELINE_BYTES, tooLarge } from '../backend/check/pipelineFile.js';
import { ioReason, notAFile } from '../backend/data/fileCalls.js';
import { CliError } from './output.js';
import { isPipelinePath } from '../protocol/language.js';

/** Folders a project holds that are never the user's pipelines. */
const SKIPPED = new Set(['node_modules']);

/**
 * The files `mlpipe check` (or `format`) is given, with each folder replaced by the `.mlpipe` files under it
 * (as `eslint .` or `tsc -p .` take a folder): sorted, without `node_modules` or hidden folders
 * (`.git`, `.mlpipe`). A folder with none is a usage error, not a clean check of nothing. Paths
 * that are not folders are kept as given, so a missing file is reported by the reader. Each file
 * is listed once, however many times it is named.
 */
export function pipelineFiles(paths: string[], command = 'check'): string[] {
  const out: string[] = [];
  // A file named twice (a folder and a file in it, './x' and 'x', a link to it) is kept once:
  // its findings were printed and counted once per name.
  const seen = new Set<string>();
  const add = (file: string) => {
    const id = fileId(file);
    if (!seen.has(id)) (seen.add(id), out.push(file));
  };
  for (const p of paths) {
    let folder = false;
    try {
      folder = statSync(p).isDirectory();
    } catch {
      // not there: the reader says so
    }
    if (!folder) {
      add(p);
      continue;
    }
    const found = walk(p);
    if (found.length === 0) throw new CliError(`mlpipe ${command}: no .mlpipe files under ${p}`);
    found.forEach(add);
  }
  return out;
}

/** The file a path names: the file itself where it is there, else the absolute path. */
function fileId(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...walk(p));
    else if (e.isFile() && isPipelinePath(e.name)) found.push(p);
  }
  return found;
}

/**
 * A file a command reads, checked before any work: one that is not there, is a folder, a pipe or
 * a device, or cannot be read is an I/O error (exit 2), as `check` reports it, not a refused run;
 * so is a `pipeline` file larger than the pipeline reader takes, and a `data` file (score's
 * `--input`) with no bytes: it holds no table, not even a header (its exit 1 read as rows refused).
 */
export function readableFile(path: string, command?: string, opts: { pipeline?: boolean; data?: boolean } = {}): void {
  let why: string | undefined;
  try {
    const stats = statSync(path);
    // A pipe or a device (/dev/zero) is no file a command can read to its end: said here, exit 2,
    // in the pipeline reader's words.
    if (!stats.isFile()) why = notAFile(stats);
    else if (opts.pipeline && stats.size > MAX_PIPELINE_BYTES) why = tooLarge(stats.size);
    else if (opts.data && stats.size === 0) why = 'the file is empty (0 bytes): there is no table to score';
    else accessSync(path, constants.R_OK);
  } catch (e) {
    why = ioReason(e);
  }
  if (why) throw new CliError(`mlpipe${command ? ` ${command}` : ''}: cannot read ${path}: ${why}`, 2);
}
