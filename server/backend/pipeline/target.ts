import type { Column } from '../../mlpipe/data/table.js';
import {
  CLASSIFY_ONLY_KINDS,
  classifyOnlyRegression,
  classOrder,
  continuousClassTarget,
  inferredTaskReason,
  inferTask,
  isFractional,
  tooFewTargetValues,
  wholeNumbersWithDecimalPoint,
  type Task,
} from '../../mlpipe/language/task.js';
import type { TrainTask } from '../train/index.js';
import { beyondFloat32, float32ConstantTarget, targetBeyondFloat32Message, targetFloat32ConstantMessage } from '../../mlpipe/features/usable.js';
import { PipelineError } from './errors.js';

export interface EncodedTarget {
  task: TrainTask;
  /** 2 for binary, the class count for multiclass, 1 for regression. */
  classes: number;
  /** Class labels in index order (classification). */
  labels?: string[];
  /** Class index or value per row; NaN where the target is missing. */
  y: Float64Array;
  missing: number;
}

/**
 * Encodes the target: classification labels indexed from 0 in `classOrder`, so a 0/1 target
 * keeps its values; regression values as they are.
 */
export function encodeTarget(column: Column, source: string, override?: Task, model?: { name: string; kind: string }): EncodedTarget {
  const n = column.values.length;
  const y = new Float64Array(n);
  const distinct = new Set<string>();
  const text = (i: number): string | null => {
    const v = column.values[i];
    return v === null || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
  };
  for (let i = 0; i < n; i++) {
    const t = text(i);
    if (t !== null) distinct.add(t);
  }
  const task = override ?? inferTask(column.type, distinct.size) ?? 'regression';
  if (task === 'regression' && column.type === 'string') throw new PipelineError(`target '${column.name}' of ${source} is text: a regression target must be numeric (or set 'task = classification')`);
  // A classify-only kind over a target inferred as a regression: said as the check says it, with
  // why the task was inferred. The check can miss it when it sampled the file (a class past the
  // sample makes 11), and the trainer's refusal said only "the task is regression".
  if (task === 'regression' && model && CLASSIFY_ONLY_KINDS.includes(model.kind)) {
    const decimals = override === undefined && wholeNumbersWithDecimalPoint(column.type, distinct.size, distinct);
    throw new PipelineError(classifyOnlyRegression(model.kind, model.name, override === undefined ? inferredTaskReason(column.name, column.type, distinct.size, decimals) : undefined, decimals));
  }
  const tooFew = tooFewTargetValues(column.name, task, distinct.size, source);
  if (tooFew) throw new PipelineError(tooFew);
  let missing = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) {
      y[i] = column.values[i] as number;
      if (Number.isNaN(y[i])) missing++;
      // The trainer holds targets as float32, where such a cell is an infinity that it would
      // refuse by its index in the training matrix; refused here by the data row, as the checker does.
      else if (beyondFloat32(y[i])) throw new PipelineError(targetBeyondFloat32Message(column.name, i, y[i], source));
    }
    const constant = float32ConstantTarget(y);
    if (constant !== undefined) throw new PipelineError(targetFloat32ConstantMessage(column.name, constant, source));
    return { task: 'regression', classes: 1, y, missing };
  }
  if (column.type !== 'string') {
    const continuous = continuousClassTarget(column.name, distinct.size, firstFractional(column.values), source);
    if (continuous) throw new PipelineError(continuous);
  }
  const labels = classOrder(distinct, column.type !== 'string');
  const index = new Map(labels.map((l, i) => [l, i]));
  for (let i = 0; i < n; i++) {
    const t = text(i);
    if (t === null) {
      y[i] = NaN;
      missing++;
    } else y[i] = index.get(t)!;
  }
  return { task: labels.length === 2 ? 'binary' : 'multiclass', classes: labels.length, labels, y, missing };
}

/** The first value of a numeric column that is not a whole number, if any (missing cells are skipped). */
function firstFractional(values: Column['values']): number | undefined {
  for (const v of values) if (typeof v === 'number' && isFractional(v)) return v;
  return undefined;
}
