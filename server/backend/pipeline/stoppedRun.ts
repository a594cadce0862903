import { rmSync } from 'node:fs';
import type { Store } from '../tracking/store.js';

/**
 * Records a run that stopped before completing (`failed`, or `interrupted` by the user), with its
 * error, and removes what it wrote to its folder. A run's files are recorded only when it
 * completes, so a stopped run's folder is half a model that nothing names; on a full disk it
 * also holds the room the failure record needs (a run whose model filled the disk was left
 * `running`, then marked "ended without finishing", and its folder stayed).
 *
 * Never throws: when the store refuses the record too (the disk is still full), the run's own
 * error is the one worth showing, and the next open of the store marks the run interrupted.
 */
export function recordStoppedRun(store: Pick<Store, 'getRun' | 'runDir' | 'finishRun'>, runId: string, status: 'failed' | 'interrupted', error: unknown): void {
  try {
    // A run that completed keeps its model (it completes and registers in one transaction, so an
    // error after that is no reason to drop a model the registry may name).
    if (store.getRun(runId)?.status === 'running') rmSync(store.runDir(runId), { recursive: true, force: true });
  } catch {
    // Left for `mlpipe runs delete`, which removes a run's folder with its row.
  }
  try {
    store.finishRun(runId, { status, error: error instanceof Error ? error.message : String(error) });
  } catch {
    // See above: the caller rethrows the run's error.
  }
}
