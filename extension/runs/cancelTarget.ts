/**
 * The training Cancel Run stops. Pure (no vscode): `given` is the file the command was given
 * (the Cancel lens, the Experiments tree), `editor` the active editor's pipeline, `training` the
 * files this window trains now. Given a file, that file's training, or none. From the palette,
 * the active editor's training, else the only one; with several, the user picks: the palette
 * said 'nothing is training' while another pipeline than the one in the editor trained.
 */
export type CancelTarget = { file: string } | { pick: string[] } | { none: string };

export function cancelTarget(given: string | undefined, editor: string | undefined, training: readonly string[]): CancelTarget {
  const files = [...new Set(training)];
  if (given !== undefined) return files.includes(given) ? { file: given } : { none: given };
  if (editor !== undefined && files.includes(editor)) return { file: editor };
  if (files.length === 1) return { file: files[0]! };
  return files.length ? { pick: files } : { none: '' };
}
