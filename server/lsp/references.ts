import { DocumentHighlightKind, type DocumentHighlight, type Location } from 'vscode-languageserver';
import type { DocAnalysis } from './analyses.js';
import { occurrenceAt, occurrencesOf } from './symbolAt.js';

/** Every place the name under the offset is written; the definition only when asked for. */
export function referencesAt(a: DocAnalysis, offset: number, includeDeclaration: boolean): Location[] {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) return [];
  return occurrencesOf(a.binding, occ)
    .filter((o) => includeDeclaration || !o.isDefinition)
    .map((o) => ({ uri: a.uri, range: a.lines.range(o.start, o.end) }));
}

/**
 * The same places as highlights (what editors show on the name under the cursor): the
 * definition as a write, every use as a read. Nothing on a keyword, a column or a literal.
 */
export function highlightsAt(a: DocAnalysis, offset: number): DocumentHighlight[] {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) return [];
  return occurrencesOf(a.binding, occ).map((o) => ({ range: a.lines.range(o.start, o.end), kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}
