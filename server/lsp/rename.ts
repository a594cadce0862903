import { ResponseError, LSPErrorCodes, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { Occurrence } from '../mlpipe/index.js';
import type { DocAnalysis } from './analyses.js';
import { tableColumns } from './dataFacts.js';
import { pathAt } from '../mlpipe/syntax/locate.js';
import { occurrenceAt, occurrencesOf } from './symbolAt.js';
import { PREDICTION_TARGET } from '../mlpipe/language/keywords.js';
import { BOOLEAN_LITERALS } from '../mlpipe/syntax/parser.js';
import { isIdentifier } from '../mlpipe/syntax/tokens.js';

const RENAMABLE = new Set(['feature', 'table', 'model', 'registered']);

/** A well-formed request that cannot be carried out: RequestFailed (LSP 3.17), with the reason. */
function refuse(message: string): never {
  throw new ResponseError(LSPErrorCodes.RequestFailed, message);
}

/** Which names a reference can reach: 'serve.model' reads models and registered models alike. */
const namespaceOf = (kind: Occurrence['kind']) => (kind === 'registered' ? 'model' : kind);

/** Why `name` cannot name a feature, table or model; undefined when it can. */
export function invalidNameReason(name: string): string | undefined {
  if (!isIdentifier(name)) return `'${name}' is not a valid name: use letters, digits and '_', not starting with a digit`;
  if (BOOLEAN_LITERALS.includes(name)) return `'${name}' is not a valid name: it is a boolean value, so a reference to it would read as ${name}`;
  return undefined;
}

/**
 * The renamable symbol under the offset; undefined where the cursor is on no word (a comment,
 * a string, a number, blank space); a clear refusal on a word that cannot be renamed.
 */
function renameTarget(a: DocAnalysis, offset: number): Occurrence | undefined {
  const occ = occurrenceAt(a.binding, offset);
  if (!occ) {
    const node = pathAt(a.file, offset).pop();
    if (node?.kind !== 'Ident') return undefined;
    if (node === a.file.pipeline?.name) refuse(`'${node.name}' is the pipeline's name, which nothing in the file refers to: edit it where it is`);
    refuse(`'${node.name}' is a keyword or attribute of the language, not a name this file defines: it cannot be renamed`);
  }
  if (occ.kind === 'column') refuse(`'${occ.name}' is a column of '${occ.table}': columns are named by the data file, rename them there`);
  if (!RENAMABLE.has(occ.kind) || !occ.resolved) refuse(`'${occ.name}' is not defined in this file: nothing to rename`);
  return occ;
}

/** The range and current name to rename; null (no rename here) off any word. */
export function prepareRenameAt(a: DocAnalysis, offset: number): { range: Range; placeholder: string } | null {
  const occ = renameTarget(a, offset);
  return occ ? { range: a.lines.range(occ.start, occ.end), placeholder: occ.name } : null;
}

/** Renames a feature, table, model or registered model everywhere in the file. */
export function renameAt(a: DocAnalysis, offset: number, newName: string): WorkspaceEdit {
  const occ = renameTarget(a, offset);
  if (!occ) refuse('there is no name here to rename: put the cursor on a feature, table or model name');
  const invalid = invalidNameReason(newName);
  if (invalid) refuse(invalid);
  if (newName === occ.name) return { changes: { [a.uri]: [] } };
  const b = a.binding;
  const clash = (() => {
    if (occ.kind === 'feature') {
      if (b.features.has(newName)) return `a feature '${newName}' already exists`;
      if (newName === PREDICTION_TARGET) return `'${PREDICTION_TARGET}' is the drift target of the model's output`;
      // A bare name means the feature first, else a primary column: the new name must not hide one,
      // whether the data's header says so or, where it was not read (a missing source, a URL), the
      // file reads the column itself.
      const primary = b.primary?.name;
      const isColumn = tableColumns(a, b.primary)?.some((c) => c.name === newName) || b.occurrences.some((o) => o.kind === 'column' && o.table === primary && o.name === newName);
      if (isColumn) return `'${newName}' is a column of the primary table '${primary}'`;
    }
    if (occ.kind === 'table' && b.tables.has(newName)) return `a table '${newName}' already exists`;
    if ((occ.kind === 'model' || occ.kind === 'registered') && (b.models.has(newName) || b.registered.has(newName)))
      return `a model or registered model '${newName}' already exists`;
    // A reference to the new name that nothing defines yet would name the renamed symbol
    // afterwards: the rename would change what that line means (and which diagnostics it gets).
    const captured = b.occurrences.find((o) => !o.resolved && o.name === newName && namespaceOf(o.kind) === namespaceOf(occ.kind));
    if (captured) return `'${newName}' is already written on line ${a.lines.positionAt(captured.start).line + 1} for something this file does not define, and would then name '${occ.name}'`;
    return undefined;
  })();
  if (clash) refuse(`cannot rename '${occ.name}' to '${newName}': ${clash}`);
  const edits = occurrencesOf(b, occ).map((o) => ({ range: a.lines.range(o.start, o.end), newText: newName }));
  return { changes: { [a.uri]: edits } };
}
