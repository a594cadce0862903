/**
 * The file a Train (or Retrain) runs: mlpipe trains what is on disk, so an editor with unsaved
 * changes is saved first, and one that cannot be (a save that failed or was declined, a buffer
 * never saved) is refused with what to do, instead of training the older file on disk or a path
 * that does not exist. No vscode import: the document is what VS Code's TextDocument has.
 */
export interface PipelineDocument {
  readonly uri: { readonly scheme: string; readonly fsPath: string };
  readonly isUntitled: boolean;
  readonly isDirty: boolean;
  save(): PromiseLike<boolean>;
}

export type SavedPipeline = { file: string; saved: boolean } | { refused: string };

/** `name`: how the user knows the document (its file name, or 'Untitled-1'). */
export async function savedPipeline(doc: PipelineDocument | undefined, file: string, name: string): Promise<SavedPipeline> {
  if (doc?.isUntitled || (doc && doc.uri.scheme !== 'file')) return { refused: `save '${name}' as a .mlpipe file first: mlpipe trains the saved file` };
  if (!doc?.isDirty) return { file, saved: false };
  if (!(await doc.save())) return { refused: `'${name}' has unsaved changes that could not be saved: save it, then train again (mlpipe trains the saved file)` };
  return { file, saved: true };
}

/** Said in the progress of a run whose file was saved for it, so the user knows what trained. */
export function savedNote(saved: boolean): string {
  return saved ? ' (your changes were saved first)' : '';
}
