// The served pipeline with prediction logging off: what the benches serve to measure what the log costs.
import { readFileSync, writeFileSync } from 'node:fs';

/** The pipeline file beside `file` with `log_predictions = false` in its serve block. */
export function unloggedFile(file: string): string {
  const quiet = file.replace(/\.mlpipe$/, '-nolog.mlpipe');
  writeFileSync(quiet, readFileSync(file, 'utf8').replace(/serve \{\n/, 'serve {\n  log_predictions = false\n'));
  return quiet;
}
