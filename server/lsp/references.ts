import type { Location } from 'vscode-languageserver';
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
