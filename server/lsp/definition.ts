import type { Location } from 'vscode-languageserver';
import type { DocAnalysis } from './analyses.js';
import { occurrenceAt, occurrencesOf } from './symbolAt.js';

/** Where the name under the offset is defined (features, tables, models, registered models). */
export function definitionAt(a: DocAnalysis, offset: number): Location | null {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) return null;
  if (occ.kind === 'column') {
    // A column is defined by its table's data block: go to the table's name.
    const t = occ.table ? a.binding.tables.get(occ.table) : undefined;
    return t ? { uri: a.uri, range: a.lines.range(t.nameNode.start, t.nameNode.end) } : null;
  }
  const def = occurrencesOf(a.binding, occ).find((o) => o.isDefinition);
  return def ? { uri: a.uri, range: a.lines.range(def.start, def.end) } : null;
}
