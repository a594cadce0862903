import type { Diagnostic } from '../../mlpipe/index.js';

/** A pipeline that cannot run: checker errors, bad data or a refused reproduction. */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}

/**
 * A pipeline with several models that registers none, asked to train without naming one: which
 * to train is the caller's choice (`mlpipe run` trains each in turn; the editor's Train above a
 * model names it).
 */
export class SeveralModelsError extends PipelineError {
  constructor(readonly models: string[]) {
    super(`the pipeline has several models (${models.join(', ')}) and registers none: name the one to train (mlpipe run --model NAME, or Train above the model in the editor)`);
    this.name = 'SeveralModelsError';
  }
}

/**
 * The error in one line, for a place that shows no diagnostics (a drift retrain's alert and the
 * serve log): a check refusal names its first error there, since the count alone leaves the user
 * to rerun the check to learn what broke (a history file cut short mid-serve, say).
 */
export function errorLine(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const first = e instanceof PipelineError ? e.diagnostics.find((d) => d.severity === 'error') : undefined;
  return first ? `${line} (line ${first.range.start.line + 1}, ${first.code}: ${first.message.split('\n')[0]})` : line;
}
