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
