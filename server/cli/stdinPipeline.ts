import { readPipelineStream } from '../backend/check/pipelineFile.js';
import { ioReason } from '../backend/data/fileCalls.js';
import { CliError } from './output.js';

/** What `-` stands for in the reports when `--stdin-filename` names no file. */
export const STDIN_NAME = '<stdin>';

/**
 * `-` among a command's paths: the pipeline is read from stdin (an editor's unsaved buffer, a
 * script's text), alone; `--stdin-filename` names the file it stands for, so its sources resolve
 * beside that file and reports name it (as eslint's and prettier's options of that name do).
 * Null when the paths are files; a usage error for `-` beside other paths, or a name without `-`.
 */
export function stdinPath(command: string, paths: readonly string[], filename: string | undefined): string | null {
  if (!paths.includes('-')) {
    if (filename !== undefined) throw new CliError(`mlpipe ${command}: --stdin-filename names the text read from stdin: give '-' as the path`);
    return null;
  }
  if (paths.length > 1) throw new CliError(`mlpipe ${command}: '-' (stdin) is the only path when given`);
  if (filename === '') throw new CliError(`mlpipe ${command}: --stdin-filename needs a path`);
  return filename ?? STDIN_NAME;
}

/** Stdin's text, BOM kept, under a pipeline file's limits; a usage or I/O error (exit 2) when it is not one. */
export async function readStdinPipeline(command: string): Promise<string> {
  try {
    return await readPipelineStream(process.stdin);
  } catch (e) {
    throw new CliError(`mlpipe ${command}: cannot read stdin: ${ioReason(e)}`);
  }
}
