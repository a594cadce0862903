/**
 * The pipelines the Experiments and Models views list: the workspace's files, and those open in
 * an editor that the workspace search does not find (a file outside every workspace folder, or a
 * window with no folder open): one trained from its CodeLens had runs no view showed. Sorted by
 * path, each once.
 */
export function withOpenPipelines(found: readonly string[], open: readonly string[]): string[] {
  return [...new Set([...found, ...open])].sort((a, b) => a.localeCompare(b));
}
