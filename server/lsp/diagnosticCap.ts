import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../mlpipe/index.js';
import { toLspDiagnostic } from './diagnostics.js';

/** Kept first when a file has more diagnostics than are published. */
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const WORD: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'infos'] };
const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/**
 * A file's diagnostics as published: at most `max` of them (0: all), errors first, then
 * warnings, then infos, each in the checker's order; when some are left out, one more
 * diagnostic says how many and of which severities, at the first left out, with the most severe
 * of their severities, so no error is dropped silently. Thousands of diagnostics per file cost
 * every keystroke megabytes of JSON and the editor their drawing, and nobody reads past the
 * first screens of them; 'mlpipe check' lists them all. Only what is published is converted.
 */
export function publishedDiagnostics(all: readonly Diagnostic[], max: number): LspDiagnostic[] {
  if (max <= 0 || all.length <= max) return all.map(toLspDiagnostic);
  const count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of all) count[d.severity]++;
  // The least severe level that still fits, and how many of it fit.
  let room = max;
  let cut: Severity = 'info';
  for (const s of ['error', 'warning', 'info'] as const) {
    cut = s;
    if (count[s] > room) break;
    room -= count[s];
  }
  const shown: LspDiagnostic[] = [];
  const left: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let firstLeft: Diagnostic | undefined;
  let worstLeft: Severity = 'info';
  for (const d of all) {
    const rank = RANK[d.severity];
    const keep = rank < RANK[cut] || (rank === RANK[cut] && room-- > 0);
    if (keep) {
      shown.push(toLspDiagnostic(d));
      continue;
    }
    left[d.severity]++;
    if (!firstLeft || d.start < firstLeft.start) firstLeft = d;
    if (RANK[d.severity] < RANK[worstLeft]) worstLeft = d.severity;
  }
  const total = all.length - shown.length;
  const parts = (['error', 'warning', 'info'] as const).filter((s) => left[s] > 0).map((s) => `${left[s]} ${WORD[s][left[s] === 1 ? 0 : 1]}`);
  shown.push({
    range: firstLeft!.range,
    severity: LSP_SEVERITY[worstLeft],
    source: 'mlpipe',
    message: `${total} more problem${total === 1 ? '' : 's'} in this file not shown (${parts.join(', ')}): at most ${max} are shown per file, most severe first (setting 'mlpipe.diagnostics.maxPerFile'); 'mlpipe check' lists them all`,
  });
  return shown;
}
