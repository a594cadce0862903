/**
 * What the mlpipe language server says beyond LSP. Types only; no code.
 *
 * A document's first check publishes twice: at once the syntax and rule diagnostics (no I/O,
 * milliseconds), then the full result with what the data tells (reading and typing the sources,
 * the missing-every-row pass: seconds on a cold start). `mlpipe/partialDiagnostics` is sent just
 * before the first of the two, so a client can show them without calling them a finished check.
 */
export type PartialDiagnosticsMethod = 'mlpipe/partialDiagnostics';

/**
 * What a client declares under `capabilities.experimental.mlpipe` to be sent the messages above.
 * Other clients are sent none: a method a client does not know is a warning there (Emacs
 * lsp-mode opens its warnings window for each one).
 */
export interface MlpipeClientCapabilities {
  /** Send `mlpipe/partialDiagnostics` before a first check's partial diagnostics. */
  partialDiagnostics?: boolean;
}

export interface PartialDiagnosticsParams {
  uri: string;
  /** The document version the partial diagnostics are for. */
  version: number;
}
