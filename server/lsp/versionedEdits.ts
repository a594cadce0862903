import type { WorkspaceEdit } from 'vscode-languageserver';

/**
 * A rename's or a quick fix's edit as the client takes it: for a client that declares
 * `workspaceEdit.documentChanges`, each document's edits under the version they were computed
 * for, so a client holding a newer version (text typed while the request ran, or before a listed
 * fix was picked) refuses the edit instead of applying it at positions that have moved; for
 * other clients the plain `changes`, as before.
 */
export function versionedEdit(edit: WorkspaceEdit, version: number, documentChanges: boolean): WorkspaceEdit {
  if (!documentChanges || !edit.changes) return edit;
  return { documentChanges: Object.entries(edit.changes).map(([uri, edits]) => ({ textDocument: { uri, version }, edits })) };
}
