import type { ColumnType } from '../data/table.js';

import type { Task } from './keywords.js';

export type { Task };

/** Most distinct integer values a target may have and still mean classification. */
export const MAX_CLASSES = 10;

/**
 * The spec's rule, stated once for the checker and the engine: a target with at most 10
 * distinct integer values means classification, else regression.
 */
export function inferTask(type: ColumnType | undefined, distinct: number): Task | undefined {
  // A target with no value (every cell missing, or no rows) says nothing of its task.
  if (type === undefined || distinct === 0) return undefined;
  return type === 'integer' && distinct <= MAX_CLASSES ? 'classification' : 'regression';
}

/** Model kinds that can only classify (the trainer's architecture refuses them on regression). */
export const CLASSIFY_ONLY_KINDS: readonly string[] = ['logistic'];
