import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../mlpipe/index.js';
import { codeHref } from './documentation.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A core diagnostic as LSP sends it; `data` carries the quick fix's inputs back to codeAction. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const href = codeHref(d.code);
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'mlpipe',
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  };
}
