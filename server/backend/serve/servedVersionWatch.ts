/**
 * Follows the run store for changes of the version a running server's model reference names
 * (`servedVersionChange`), which the server does not apply: it says so once per change instead.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../registry/errors.js';
import { resolveServedModel } from '../registry/served.js';
import { DB_DIR, DB_FILE } from '../tracking/storePaths.js';
import { openStore } from '../tracking/store.js';
import { modelRefText } from './config.js';
import type { ServedModel } from './served.js';
import { servedVersionChange } from './servedVersionChange.js';

type Served = Pick<ServedModel, 'root' | 'config' | 'version' | 'stage'>;

/**
 * Reads the registry when called and calls `onChange` with the words of what the served
 * reference names now against what `served` serves, once per new change (a change undone, as a
 * rollback to the served version, says nothing and resets).
 */
export function servedVersionReader(served: Served, onChange: (change: string) => void): () => void {
  let said: string | undefined;
  const ref = modelRefText(served.config.model);
  return () => {
    let change: string | undefined;
    try {
      // recover: false, as serving opens it: a reader marks no one's run interrupted. A short
      // wait for a lock: this runs on the server's thread, and the next change reads again.
      const store = openStore(served.root, { recover: false, busyTimeoutMs: 100 });
      try {
        const now = resolveServedModel(store, served.config.model);
        change = servedVersionChange(ref, served, { version: now.version, stage: now.stage });
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        change = servedVersionChange(ref, served, { refused: e.message });
      } finally {
        store.close();
      }
    } catch {
      return; // a store busy or unreadable now: nothing to compare; the next change is read again
    }
    if (change !== undefined && change !== said) onChange(change);
    said = change;
  };
}

/** Calls `onChange` with the words of each new change of what `served`'s reference names; returns the stop. */
export function watchServedVersion(served: Served, onChange: (change: string) => void, intervalMs = 1000): () => void {
  const check = servedVersionReader(served, onChange);
  const listener = (): void => check();
  // A stat every interval, as the monitor block is followed: a write lands in the WAL file, and
  // in the database file when the WAL is checkpointed into it.
  const files = [DB_FILE, `${DB_FILE}-wal`].map((f) => join(served.root, DB_DIR, f));
  for (const f of files) watchFile(f, { interval: intervalMs, persistent: false }, listener);
  return () => {
    for (const f of files) unwatchFile(f, listener);
  };
}
