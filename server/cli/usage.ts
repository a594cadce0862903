/**
 * The help text, kept apart from the commands so `mlpipe --help` loads nothing else.
 * Each command module re-exports its line.
 */
export const CHECK_USAGE = 'mlpipe check FILE|FOLDER...|- [--format text|json] [--max-sample-bytes N] [--fix] [--stdin-filename PATH]';
export const RUN_USAGE = 'mlpipe run FILE [--backend auto|gpu|cpu|wasm] [--model NAME] [--json]';
export const RUNS_USAGE = 'mlpipe runs [FILE] [--json]';
export const RUNS_DELETE_USAGE = 'mlpipe runs delete RUN_ID... [--force] [--json]';
export const REPRODUCE_USAGE = 'mlpipe reproduce RUN_ID [--json]';
export const MODELS_USAGE = 'mlpipe models [NAME] [--json]';
export const PROMOTE_USAGE = 'mlpipe promote NAME VERSION STAGE [--reason TEXT]';
export const ROLLBACK_USAGE = 'mlpipe rollback NAME [--reason TEXT]';
export const REGISTER_USAGE = 'mlpipe register NAME RUN_ID [--stage staging|production] [--reason TEXT]';
export const SERVE_USAGE = 'mlpipe serve FILE [--port N] [--host H] [--model NAME@STAGE] [--body-limit BYTES] [--retention-days N]';
export const SCORE_USAGE = 'mlpipe score FILE --input IN.csv|- --output OUT.csv|- [--model NAME@STAGE] [--keep COL,…]';
export const DRIFT_USAGE = 'mlpipe drift FILE [--json] [--model NAME@STAGE]';
export const PARITY_USAGE = 'mlpipe parity FILE [--json] [--model NAME@STAGE] [--limit N]';
export const START_USAGE = 'mlpipe start FILE';
export const FORMAT_USAGE = 'mlpipe format FILE|FOLDER...|- [--check] [--stdin-filename PATH]';
export const LSP_USAGE = 'mlpipe lsp --stdio';

/** Each command's usage lines, for `mlpipe COMMAND --help` and `mlpipe help COMMAND`. */
export const COMMAND_USAGE: Record<string, string[]> = {
  check: [CHECK_USAGE],
  run: [RUN_USAGE],
  runs: [RUNS_USAGE, RUNS_DELETE_USAGE],
  reproduce: [REPRODUCE_USAGE],
  models: [MODELS_USAGE],
  promote: [PROMOTE_USAGE],
  rollback: [ROLLBACK_USAGE],
  register: [REGISTER_USAGE],
  serve: [SERVE_USAGE],
  score: [SCORE_USAGE],
  drift: [DRIFT_USAGE],
  parity: [PARITY_USAGE],
  start: [START_USAGE],
  format: [FORMAT_USAGE],
  lsp: [LSP_USAGE],
};

/** The usage of one command, with where the rest is said. */
export function commandUsage(name: string): string {
  return `usage:\n${COMMAND_USAGE[name].map((l) => `  ${l}\n`).join('')}\nexit codes and the other commands: mlpipe --help\n`;
}

export const USAGE = `mlpipe: reproducible ML pipelines without training-serving skew

usage:
  ${CHECK_USAGE}
  ${RUN_USAGE}
  ${RUNS_USAGE}
  ${RUNS_DELETE_USAGE}
  ${REPRODUCE_USAGE}
  ${MODELS_USAGE}
  ${PROMOTE_USAGE}
  ${ROLLBACK_USAGE}
  ${REGISTER_USAGE}
  ${SERVE_USAGE}
  ${SCORE_USAGE}
  ${DRIFT_USAGE}
  ${PARITY_USAGE}
  ${START_USAGE.padEnd(44)} check, then run (what 'npm start' does)
  ${FORMAT_USAGE.padEnd(44)} rewrite in the editor's format (--check: list)
  ${LSP_USAGE.padEnd(44)} the language server, for any editor
  ${'mlpipe --version'.padEnd(44)} the version of mlpipe and of Node

exit codes: 0 success (check: clean or warnings only), 1 errors found or the run failed,
            2 usage or I/O error, 3 trained but a gate failed (nothing registered),
            130 interrupted (the run is recorded as interrupted), 70 internal error (a bug)
`;
