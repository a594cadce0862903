/**
 * The file a Train, Retrain or Serve reads: mlpipe trains and serves what is on disk, so an editor
 * with unsaved changes is saved first, and one that cannot be (a save that failed or was
 * declined, a buffer never saved) is refused with what to do, instead of reading the older file
 * on disk (a serve block's edited port or model left out) or a path that does not exist. No
 * vscode import: the document is what VS Code's TextDocument has.
 */
export interface PipelineDocument {
  readonly uri: { readonly scheme: string; readonly fsPath: string };
  readonly isUntitled: boolean;
  readonly isDirty: boolean;
  save(): PromiseLike<boolean>;
}

export type SavedPipeline = { file: string; saved: boolean } | { refused: string };

/** What the command does with the file, as its refusals say it. */
export type PipelineUse = 'train' | 'serve';

const DOES: Record<PipelineUse, string> = { train: 'trains', serve: 'serves' };

/** `name`: how the user knows the document (its file name, or 'Untitled-1'). */
export async function savedPipeline(doc: PipelineDocument | undefined, file: string, name: string, use: PipelineUse = 'train'): Promise<SavedPipeline> {
  const why = `mlpipe ${DOES[use]} the saved file`;
  if (doc?.isUntitled || (doc && doc.uri.scheme !== 'file')) return { refused: `save '${name}' as a .mlpipe file first: ${why}` };
  if (!doc?.isDirty) return { file, saved: false };
  if (!(await doc.save())) return { refused: `'${name}' has unsaved changes that could not be saved: save it, then ${use} again (${why})` };
  return { file, saved: true };
}

/** Said in the progress of a run whose file was saved for it, so the user knows what trained. */
export function savedNote(saved: boolean): string {
  return saved ? ' (your changes were saved first)' : '';
}
