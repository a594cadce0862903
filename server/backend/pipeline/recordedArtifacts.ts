/**
 * A run's files as the store recorded them when the run completed (name and sha256), checked
 * before a model is loaded from them. Each file a load reads is checked: the fitted feature
 * state, the meta, the pipeline snapshot and model.json (which holds the weights' own hash, so
 * weights.bin is checked through it); the registry reads what was recorded
 * (`Registry.recordedArtifacts`). An edited or bit-rotted mean, or an output head turned
 * from 'sigmoid' to 'identity', stayed valid JSON and changed every prediction without a word.
 */
import { join } from 'node:path';
import type { ArtifactRecord } from '../../protocol/tracking.js';
import { sha256FileSync } from '../data/hash.js';
import { ModelFileError } from '../train/errors.js';

/** Refuses a file of the run folder `dir` named in `names` whose bytes differ from its hash in `recorded`. */
export function assertAsRecorded(dir: string, names: readonly string[], recorded: readonly ArtifactRecord[]): void {
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
