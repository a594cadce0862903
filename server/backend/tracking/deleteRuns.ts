import { rmSync } from 'node:fs';
import type { DeletedRuns } from '../../protocol/backend.js';
import { TrackingError } from './errors.js';
import { ownerState, systemProbe, type LivenessProbe } from './liveness.js';
import { runIdHint } from './runIdHint.js';
import type { Store } from './store.js';

/** Also said where no store exists yet, by the CLI, which then makes none to say it. */
export function unknownRunToDelete(runId: string, file: string, startingWith: readonly string[] = []): TrackingError {
  return new TrackingError(`cannot delete: unknown run '${runId}' in ${file}${runIdHint(startingWith)}`);
}

/**
 * Deletes runs, their metrics and artifact records in one IMMEDIATE transaction, then their
 * artifact folders. All or nothing: a run that is unknown, still running, the source of a
 * registered model version, or reproduced by a run that is kept refuses the whole call with
 * one sentence, and the store is left untouched (the checks run inside the write lock, so a
 * concurrent register cannot slip in between check and delete). `force` lets through only runs
 * marked running on another host, whose process this machine cannot see.
 */
export function deleteRuns(store: Store, runIds: readonly string[], options: { force?: boolean; probe?: LivenessProbe } = {}): DeletedRuns {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) throw new TrackingError('delete: no runs given');
  const db = store.db;
  db.transaction(() => {
    const wanted = new Set(ids);
    for (const id of ids) {
      const run = db.prepare<[string], { status: string; pid: number; hostname: string; proc_identity: string | null }>('SELECT status, pid, hostname, proc_identity FROM runs WHERE id = ?').get(id);
      if (!run) throw unknownRunToDelete(id, store.file, store.runIdsStartingWith(id));
      if (run.status === 'running') {
        // A run started on another host (a container that is gone, a copied project) is never
        // marked interrupted here: without --force it could be neither finished nor deleted.
        const owner = ownerState({ pid: run.pid, hostname: run.hostname, identity: run.proc_identity }, options.probe ?? systemProbe);
        if (owner === 'unknown' && !options.force)
          throw new TrackingError(
            `cannot delete run ${id}: it is marked running by process ${run.pid} on host '${run.hostname}', which this machine cannot check; if that run is over, delete it with 'mlpipe runs delete --force ${id}'`,
          );
        // 'cancel it first' named nothing a terminal user can do, nor which process it was.
        if (owner === 'alive') throw new TrackingError(`cannot delete run ${id}: it is still running (process ${run.pid} on this machine): stop it first (Ctrl-C where it runs, or Cancel in the editor)`);
      }
      const version = db.prepare<[string], { name: string; version: number }>('SELECT name, version FROM model_versions WHERE run_id = ? ORDER BY name, version').get(id);
      if (version) throw new TrackingError(`cannot delete run ${id}: it trained model '${version.name}' version ${version.version}, which the registry keeps`);
      const child = db
        .prepare<[string], { id: string }>('SELECT id FROM runs WHERE parent_run_id = ? ORDER BY seq')
        .all(id)
        .find((c) => !wanted.has(c.id));
      if (child) throw new TrackingError(`cannot delete run ${id}: run ${child.id} reproduces it; delete both together`);
    }
    // Reproductions may sit in the same batch as their original: check the links at commit.
    db.pragma('defer_foreign_keys = ON');
    const remove = db.prepare<[string]>('DELETE FROM runs WHERE id = ?');
    for (const id of ids) remove.run(id);
  }).immediate();
  const leftFolders: string[] = [];
  for (const id of ids) {
    const dir = store.runDir(id);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      leftFolders.push(`${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { deleted: ids, leftFolders };
}
