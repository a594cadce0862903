/**
 * A run's files as the store recorded them when the run completed (name and sha256), checked
 * before a model is loaded from them. `model.json` checks the weights' hash, but the fitted
 * feature state, the meta and the pipeline snapshot were read as they are now: an edited or
 * bit-rotted mean that stayed valid JSON changed every prediction without a word.
 */
import { basename, dirname, join } from 'node:path';
import { sha256FileSync } from '../data/hash.js';
import { DB_DIR, storeExists } from '../tracking/database.js';
import { TrackingError } from '../tracking/errors.js';
import { openStore } from '../tracking/store.js';
import { ModelFileError } from '../train/errors.js';

/**
 * Refuses a file of the run folder `dir` whose bytes differ from the hash recorded for it.
 * `dir` is `<root>/.mlpipe/runs/<runId>` (`Store.runDir`); a folder outside a store, or a run the
 * store does not know, has nothing recorded to compare with.
 */
export function assertAsRecorded(dir: string, names: readonly string[]): void {
  const runs = dirname(dir);
  const root = dirname(dirname(runs));
  if (basename(runs) !== 'runs' || basename(dirname(runs)) !== DB_DIR || !storeExists(root)) return;
  const store = openStore(root, { readOnly: true, recover: false });
  let recorded;
  try {
    recorded = store.listArtifacts(basename(dir));
  } catch (e) {
    if (e instanceof TrackingError) return;
    throw e;
  } finally {
    store.close();
  }
  for (const a of recorded) {
    if (!names.includes(a.name)) continue;
    const path = join(dir, a.name);
    let now: string;
    try {
      now = sha256FileSync(path).sha256;
    } catch (e) {
      throw new ModelFileError(path, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (now !== a.sha256)
      throw new ModelFileError(path, `changed since its run recorded it (${a.sha256}, now ${now}): restore it, or retrain with 'mlpipe run'`);
  }
}
