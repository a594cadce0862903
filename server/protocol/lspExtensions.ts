/**
 * What the mlpipe language server says beyond LSP. Types only; no code.
 *
 * A document's first check publishes twice: at once the syntax and rule diagnostics (no I/O,
 * milliseconds), then the full result with what the data tells (reading and typing the sources,
 * the missing-every-row pass: seconds on a cold start). `mlpipe/partialDiagnostics` is sent just
 * before the first of the two, so a client can show them without calling them a finished check.
 */
export type PartialDiagnosticsMethod = 'mlpipe/partialDiagnostics';

export interface PartialDiagnosticsParams {
  uri: string;
  /** The document version the partial diagnostics are for. */
  version: number;
}
