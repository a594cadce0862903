import type { TableSymbol } from '../../mlpipe/binder.js';
import { noValidationRowProblem, splitRows, TEST, TRAIN, VALIDATION } from '../../mlpipe/data/split.js';
import { keyColumnProblem, keyText } from '../../mlpipe/data/keys.js';
import { getColumn, type Column, type Table } from '../../mlpipe/data/table.js';
import { timeColumn } from '../../mlpipe/data/times.js';
import { oneClassTrainingMessage, trainingClasses } from '../../mlpipe/data/trainingClasses.js';
import { timeIsTargetProblem, type SplitConfig } from '../../mlpipe/language/splitConfig.js';
import { PipelineError } from './errors.js';
import type { EncodedTarget } from './target.js';

export interface Partition {
  /** Split code per row of the primary table: 0 train, 1 test, 2 validation. */
  assignment: Uint8Array;
  seedUsed: number | null;
  /** Row indices of each side, rows with a missing target left out. */
  train: number[];
  test: number[];
  validation: number[];
}

/** A column's cells as canonical keys: the one keying the checker's split uses too. */
function keysOf(column: Column): Array<string | null> {
  return Array.from(column.values as ArrayLike<number | string | null>, keyText);
}

/**
 * The seeded split over every row of the primary table (exactly as the checker computes it for
 * `skew/unseen-category`); rows with a missing target are then left out of every side.
 */
export function partitionRows(table: Table, primary: TableSymbol, split: SplitConfig, target: EncodedTarget, seed: number | undefined): Partition {
  const byColumn = split.by ? getColumn(table, split.by) : undefined;
  if (split.by && !byColumn) throw new PipelineError(`${primary.source} has no column '${split.by}' to split by`);
  const byProblem = keyColumnProblem(byColumn);
  if (byProblem) throw new PipelineError(byProblem);
  if (split.order === 'time' && !primary.time) throw new PipelineError(`a time-ordered split needs a 'time' on data ${primary.name}`);
  // Ordered by the label, not by a moment: refused as the checker reports it ('invalid-value' at 'time').
  const timeIsTarget = timeIsTargetProblem(primary, split.order);
  if (timeIsTarget) throw new PipelineError(timeIsTarget);
  // As the checker reports it ('invalid-value' at 'validation'): a share asked for is never dropped silently.
  const noValidation = noValidationRowProblem(split.validation, table.rowCount, primary.source!);
  if (noValidation) throw new PipelineError(noValidation);
  const { assignment, seedUsed } = splitRows({
    rowCount: table.rowCount,
    test: split.test,
    validation: split.validation,
    seed,
    by: byColumn ? keysOf(byColumn) : undefined,
    order: split.order,
    times: split.order === 'time' && primary.time ? timeColumn(table, primary.time) : undefined,
  });
  const sides: Record<number, number[]> = { [TRAIN]: [], [TEST]: [], [VALIDATION]: [] };
  for (let i = 0; i < table.rowCount; i++) if (!Number.isNaN(target.y[i])) sides[assignment[i]].push(i);
  if (sides[TRAIN].length === 0 || sides[TEST].length === 0)
    throw new PipelineError(`the split left ${sides[TRAIN].length} training and ${sides[TEST].length} test rows: ${primary.source} has too few rows with a target`);
  // A classifier trained on one class predicts it for every row (accuracy 0 on the others, AUC
  // never computed): refused before training, as the checker reports it ('invalid-value' at 'split').
  const labels = target.labels;
  if (labels) {
    const train = trainingClasses(assignment, (i) => (Number.isNaN(target.y[i]) ? null : labels[target.y[i]]!));
    if (train.classes.length === 1)
      throw new PipelineError(oneClassTrainingMessage({ target: primary.target!, source: primary.source!, cls: train.classes[0]!, rows: train.rows, by: split.by, order: split.order }));
  }
  return { assignment, seedUsed, train: sides[TRAIN], test: sides[TEST], validation: sides[VALIDATION] };
}
