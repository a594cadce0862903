import type { ColumnType } from '../data/table.js';
import { INTEGER_PATTERN } from '../data/values.js';

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
 * A target the spec's rule reads as a regression only because its few whole numbers are written
 * with a decimal point: `0.0`/`1.0`, as pandas writes a float column (one that held a NaN, or was
 * computed) and a CSV of a Parquet DOUBLE may. The rule is kept (a column typed `number` is not a
 * few whole numbers), and `task = classification` classifies it: the engine keys classes by
 * numeric value, so `1.0` and `1` are one class in CSV and Parquet alike. `keys` are the column's
 * cells as canonical keys (`data/keys.ts`: a number as JavaScript prints it, `1.0` as `1`).
 */
export function wholeNumbersWithDecimalPoint(type: ColumnType | undefined, distinct: number | undefined, keys: Iterable<string | null> | undefined): boolean {
  if (type !== 'number' || distinct === undefined || distinct < 2 || distinct > MAX_CLASSES || keys === undefined) return false;
  for (const k of keys) if (k !== null && !INTEGER_PATTERN.test(k)) return false;
  return true;
}

/**
 * Why `inferTask` gave a target its task, in a message's words: a regression target of many
 * whole numbers (units sold) is "more than 10 distinct values", not "not a few whole numbers";
 * one of a few whole numbers written `1.0` (`wholeNumbersWithDecimalPoint`) says so, since the
 * cells look like classes to whoever wrote them.
 */
export function inferredTaskReason(target: string, type: ColumnType | undefined, distinct: number | undefined, decimalPoint = false): string {
  if (inferTask(type, distinct ?? 0) === 'classification') return `target '${target}' holds ${distinct} distinct whole numbers, read as classes`;
  if (decimalPoint) return `target '${target}' holds ${distinct} distinct whole numbers written with a decimal point, such as '1.0', which read as a regression target`;
  return type === 'integer' ? `target '${target}' has more than ${MAX_CLASSES} distinct values` : `target '${target}' is not a few whole numbers`;
}

/**
 * A classify-only kind (`logistic`) given a regression, in the checker's and the engine's words:
 * `reason` (`inferredTaskReason`) when the task was inferred, not stated; `decimals` when the
 * target is a few whole numbers written `1.0`, which the stated task fixes.
 */
export function classifyOnlyRegression(kind: string, model: string, reason: string | undefined, decimals: boolean): string {
  const remedy = decimals ? `set 'task = classification' in model '${model}' to classify them, or use kind linear or mlp` : 'use kind linear or mlp';
  return `a '${kind}' model can only classify, and model '${model}' learns a regression${reason === undefined ? '' : ` (${reason})`}: ${remedy}`;
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

/** A value no class label can be: a finite number that is not whole (the engine's and the checker's test alike). */
export function isFractional(v: number): boolean {
  return Number.isFinite(v) && !Number.isInteger(v);
}

/**
 * Why a numeric target cannot be a classifier's classes, or undefined when it can: more than
 * MAX_CLASSES distinct values, some of them not whole numbers (`fractional`, the first such value
 * read), is a measurement (a price, a dose), and 'task = classification' would learn each value as
 * a class of its own, silently. A few fractional values (ratings 1.5, 2.5) stay classes. Both
 * facts are lower bounds over a sample, so the checker may judge a sampled file too. One text for
 * the checker and the engine (no distinct count: the checker's is capped).
 */
export function continuousClassTarget(target: string, distinct: number, fractional: number | undefined, source?: string): string | undefined {
  if (fractional === undefined || distinct <= MAX_CLASSES) return undefined;
  const of = source === undefined ? '' : ` of ${source}`;
  return `target '${target}'${of} has more than ${MAX_CLASSES} distinct values, not all whole numbers (such as ${fractional}): a classifier would learn each value as a class; remove 'task = classification' to learn a regression, or give the data a column of a few class labels`;
}

/** Model kinds that can only classify (the trainer's architecture refuses them on regression). */
export const CLASSIFY_ONLY_KINDS: readonly string[] = ['logistic'];

/**
 * Model kinds with hidden layers: the trainer builds `layers` (with `activation`) for these only,
 * and the checker warns at either attribute on another kind (`unknown-attribute`).
 */
export const HIDDEN_LAYER_KINDS: readonly ModelKind[] = ['mlp'];

/**
 * A classification target's labels in the engine's class order, a label's index being its class:
 * numerically for a numeric target (a 0/1 target keeps its values), else by UTF-16 code units.
 * Of two labels the second is the positive class, the one precision, recall and f1 measure.
 */
export function classOrder(labels: Iterable<string>, numeric: boolean): string[] {
  const out = [...labels];
  if (numeric) out.sort((a, b) => Number(a) - Number(b));
  else out.sort();
  return out;
}
