import type { SplitOrder } from '../language/keywords.js';
import { TRAIN } from './split.js';

/**
 * The training side's rows with a target and their distinct classes (first seen first, at most
 * two kept: one is the refusal, two is enough). `classOf` gives a row's class as the engine keys
 * it (numbers by value), null where the target is missing. The one count shared by the runner
 * (`partitionRows`) and the checker's rule over the engine's split (`invalid-value` at `split`).
 */
export function trainingClasses(assignment: Uint8Array, classOf: (row: number) => string | null): { rows: number; classes: string[] } {
  return countClasses(assignment.length, (i) => (assignment[i] === TRAIN ? i : -1), classOf);
}

/** The classes of `rows` (first seen first, at most two kept, as `trainingClasses`) and how many have a target. */
export function classesOfRows(rows: readonly number[], classOf: (row: number) => string | null): { rows: number; classes: string[] } {
  return countClasses(rows.length, (i) => rows[i]!, classOf);
}

/** The one count: `rowAt(i)` for i below `n` gives a row to count, or -1 for none. */
function countClasses(n: number, rowAt: (i: number) => number, classOf: (row: number) => string | null): { rows: number; classes: string[] } {
  let rows = 0;
  const classes: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rowAt(i);
    const c = r < 0 ? null : classOf(r);
    if (c === null) continue;
    rows++;
    if (classes.length < 2 && !classes.includes(c)) classes.push(c);
  }
  return { rows, classes };
}

/**
 * Why a classifier cannot train on a split whose training rows with a target hold one class:
 * the same sentence from the runner's refusal and the checker's error. `chance`: how many trial
 * seeds leave one class (an unseeded split, whose seed the run draws) and `seed` the trial seed that
 * trains on two (the quick fix's), said by the checker only.
 */
export function oneClassTrainingMessage(o: { target: string; source: string; cls: string; rows: number; by?: string; order: SplitOrder; chance?: string; seed?: number }): string {
  const rows = o.rows === 1 ? 'the one training row' : `all ${o.rows.toLocaleString('en-US')} training rows`;
  const split = o.by === undefined ? 'the split' : `the split by '${o.by}'`;
  const remedy =
    o.seed !== undefined
      ? `set 'seed = ${o.seed}'`
      : o.by === o.target
        ? `'by = ${o.by}' groups the rows by the target itself, so each class lands on one side only: split by the column that names the entity each row describes, or drop 'by'`
        : o.order === 'time'
          ? "use a smaller 'test'"
          : `try another 'seed' or a smaller 'test'${o.by === undefined ? '' : ', or split by a column with more groups'}`;
  return `${split} leaves one class of target '${o.target}' in training (${JSON.stringify(o.cls)}: ${rows} with a target in '${o.source}')${o.chance ?? ''}, and a classifier needs two to learn: ${remedy}`;
}

/**
 * Why a classifier cannot train when the training rows it keeps hold one class though the split's
 * training side holds more: every training row of the other classes misses a model input after
 * every transform and is left out. The same sentence from the runner's refusal (`featureSides`)
 * and the checker's error (at the model's `inputs`). `inputs`: the inputs that left rows out;
 * `chance`: how many trial seeds do so (an unseeded split), said by the checker only.
 */
export function leftOutOneClassMessage(o: { target: string; source: string; cls: string; rows: number; inputs: readonly string[]; chance?: string }): string {
  const rows = o.rows === 1 ? 'the one training row it keeps' : `all ${o.rows.toLocaleString('en-US')} training rows it keeps`;
  const inputs = o.inputs.map((f) => `'${f}'`).join(', ');
  return (
    `the training rows of every other class of target '${o.target}' miss a model input after every transform (${inputs}) and are left out, which leaves the model one class to learn ` +
    `(${JSON.stringify(o.cls)}: ${rows} with a target in '${o.source}')${o.chance ?? ''}, and a classifier needs two: wrap ${o.inputs.length === 1 ? 'that input' : 'those inputs'} in 'fill_missing(…, value)' so those rows are kept`
  );
}
