import type { ColumnType } from '../data/table.js';

import type { ModelKind, Task } from './keywords.js';

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

/**
 * Why `inferTask` gave a target its task, in a message's words: a regression target of many
 * whole numbers (units sold) is "more than 10 distinct values", not "not a few whole numbers".
 */
export function inferredTaskReason(target: string, type: ColumnType | undefined, distinct: number | undefined): string {
  if (inferTask(type, distinct ?? 0) === 'classification') return `target '${target}' holds ${distinct} distinct whole numbers, read as classes`;
  return type === 'integer' ? `target '${target}' has more than ${MAX_CLASSES} distinct values` : `target '${target}' is not a few whole numbers`;
}

/**
 * Why a target with this many distinct values cannot be learned, or undefined when it can: a
 * classifier needs two classes, and a regression on one value has nothing to learn (its r2 is 0
 * by definition, so an r2 gate could never pass). One text for the checker and the engine.
 */
export function tooFewTargetValues(target: string, task: Task, distinct: number, source?: string): string | undefined {
  if (distinct >= 2) return undefined;
  const has = `target '${target}'${source === undefined ? '' : ` of ${source}`} has ${distinct} distinct value${distinct === 1 ? '' : 's'}`;
  return task === 'classification' ? `${has}: a classifier needs at least two classes` : `${has}: a regression on ${distinct === 1 ? 'a constant' : 'no values'} has nothing to learn`;
}

/** Model kinds that can only classify (the trainer's architecture refuses them on regression). */
export const CLASSIFY_ONLY_KINDS: readonly string[] = ['logistic'];

/**
 * Model kinds with hidden layers: the trainer builds `layers` (with `activation`) for these only,
 * and the checker warns at either attribute on another kind (`unknown-attribute`).
 */
export const HIDDEN_LAYER_KINDS: readonly ModelKind[] = ['mlp'];
