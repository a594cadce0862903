import { dirname } from 'node:path';

/** A run node of the Experiments tree, as far as commands on a selection need it. */
interface RunNodeLike {
  kind: string;
  run?: { id: string };
  file?: string;
}

/**
 * The runs a tree command acts on, grouped by the folder whose store holds them: VS Code passes
 * (clicked node, all selected nodes); the selection wins when it has any, pipelines are skipped.
 */
export function selectedRuns(clicked: unknown, selected: unknown): Map<string, string[]> {
  const nodes = (Array.isArray(selected) && selected.length ? selected : [clicked]) as Array<RunNodeLike | undefined>;
  const byFolder = new Map<string, string[]>();
  for (const n of nodes) {
    if (n?.kind !== 'run' || !n.run || !n.file) continue;
    const folder = dirname(n.file);
    const ids = byFolder.get(folder) ?? [];
    if (!ids.includes(n.run.id)) ids.push(n.run.id);
    byFolder.set(folder, ids);
  }
  return byFolder;
}

/** The modal's question, naming how many runs go. */
export function deleteQuestion(count: number, firstId: string): string {
  return count === 1
    ? `Delete run ${firstId} and its artifacts folder? This cannot be undone.`
    : `Delete ${count} runs and their artifacts folders? This cannot be undone.`;
}
