import { ResponseError, ErrorCodes, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { Occurrence } from '../mlpipe/index.js';
import type { DocAnalysis } from './analyses.js';
import { tableColumns } from './dataFacts.js';
import { pathAt } from '../mlpipe/syntax/locate.js';
import { occurrenceAt, occurrencesOf } from './symbolAt.js';
import { PREDICTION_TARGET } from '../mlpipe/language/keywords.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RENAMABLE = new Set(['feature', 'table', 'model', 'registered']);

function refuse(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidRequest, message);
}

/** The renamable symbol under the offset, or a clear refusal. */
function renameTarget(a: DocAnalysis, offset: number): Occurrence {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) {
    const node = pathAt(a.file, offset).pop();
    const word = node?.kind === 'Ident' ? `'${node.name}'` : 'this';
    refuse(`${word} is a keyword or attribute of the language, not a name this file defines: it cannot be renamed`);
  }
  if (occ.kind === 'column') refuse(`'${occ.name}' is a column of '${occ.table}': columns are named by the data file, rename them there`);
  if (!RENAMABLE.has(occ.kind) || !occ.resolved) refuse(`'${occ.name}' is not defined in this file: nothing to rename`);
  return occ;
}

export function prepareRenameAt(a: DocAnalysis, offset: number): { range: Range; placeholder: string } {
  const occ = renameTarget(a, offset);
  return { range: a.lines.range(occ.start, occ.end), placeholder: occ.name };
}

/** Renames a feature, table, model or registered model everywhere in the file. */
export function renameAt(a: DocAnalysis, offset: number, newName: string): WorkspaceEdit {
  const occ = renameTarget(a, offset);
  if (!IDENT.test(newName)) refuse(`'${newName}' is not a valid name: use letters, digits and '_', not starting with a digit`);
  if (newName === occ.name) return { changes: { [a.uri]: [] } };
  const b = a.binding;
  const clash = (() => {
    if (occ.kind === 'feature') {
      if (b.features.has(newName)) return `a feature '${newName}' already exists`;
      if (newName === PREDICTION_TARGET) return `\`${PREDICTION_TARGET}\` is the drift target of the model's output`;
      // A bare name means the feature first, else a primary column: the new name must not hide one.
      if (tableColumns(a, b.primary)?.some((c) => c.name === newName)) return `'${newName}' is a column of the primary table '${b.primary!.name}'`;
    }
    if (occ.kind === 'table' && b.tables.has(newName)) return `a table '${newName}' already exists`;
    if ((occ.kind === 'model' || occ.kind === 'registered') && (b.models.has(newName) || b.registered.has(newName)))
      return `a model or registered model '${newName}' already exists`;
    return undefined;
  })();
  if (clash) refuse(`cannot rename '${occ.name}' to '${newName}': ${clash}`);
  const edits = occurrencesOf(b, occ).map((o) => ({ range: a.lines.range(o.start, o.end), newText: newName }));
  return { changes: { [a.uri]: edits } };
}
