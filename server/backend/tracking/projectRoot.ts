/**
 * A run records its pipeline by absolute path, and (since this build) the project folder its
 * run store was in (`environment.projectRoot`). A project folder renamed, moved or copied keeps
 * its `.mlpipe` store, so a path recorded inside the old folder is read inside the one the store
 * is in now: `mlpipe runs FILE`, `reproduce` and a drift retrain find the pipeline and its data
 * where they are, not where they were (reproduce read the old folder's data while it existed,
 * and failed with 'is gone' once it did not). Paths outside the old folder are kept.
 */
import { isAbsolute, join, relative } from 'node:path';

export function rebasedPath(recorded: string, recordedRoot: unknown, currentRoot: string): string {
  // As SQL reads it (`projectRootSql`), the recorded root may be null or, in a hand-edited row, no text.
  if (typeof recordedRoot !== 'string' || !recordedRoot || recordedRoot === currentRoot) return recorded;
  const inside = relative(recordedRoot, recorded);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return recorded;
  return join(currentRoot, inside);
}

/**
 * The recorded root as SQL reads it from a run's `environment` column (`alias` the table's), or
 * null: a damaged column reads as none, so one bad row still lists the others.
 */
export const projectRootSql = (alias = ''): string => {
  const column = `${alias ? `${alias}.` : ''}environment`;
  return `CASE WHEN json_valid(${column}) THEN json_extract(${column}, '$.projectRoot') END`;
};
