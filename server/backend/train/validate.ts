/** Checks a training request before any tensor is made, so bad data fails with its row and column. */
import { ACTIVATIONS, MODEL_KINDS as KINDS, OPTIMIZERS, TRAIN_TASKS } from '../../mlpipe/language/keywords.js';
import { isUnusableInput } from '../../mlpipe/features/usable.js';
import type { TrainInput, TrainTask } from './types.js';
import { TrainInputError } from './errors.js';

// The engine's task vocabulary is the keyword module's too; the type says they agree.
const TASKS: readonly TrainTask[] = TRAIN_TASKS;

function oneOf(field: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new TrainInputError(field, `'${value}' is not one of ${allowed.join(', ')}`);
  }
}

function positiveInteger(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new TrainInputError(field, `${value} is not a positive integer`);
  }
}

export function checkMatrix(field: string, x: Float32Array, rows: number, cols: number): void {
  positiveInteger(`${field}.rows`, rows);
  positiveInteger(`${field}.cols`, cols);
  if (x.length !== rows * cols) {
    throw new TrainInputError(field, `has ${x.length} values but rows x cols = ${rows} x ${cols} = ${rows * cols}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (isUnusableInput(x[i])) {
      const row = Math.floor(i / cols);
      const column = i % cols;
      throw new TrainInputError(field, `row ${row}, column ${column}: ${x[i]} is not a finite number`, row, column);
    }
  }
}

export function checkLabels(field: string, y: Float32Array, rows: number, task: TrainInput['task'], classes: number): void {
  if (y.length !== rows) throw new TrainInputError(field, `has ${y.length} labels for ${rows} rows`);
  for (let row = 0; row < rows; row++) {
    const v = y[row];
    const bad =
      task === 'regression'
        ? !Number.isFinite(v)
        : !Number.isInteger(v) || v < 0 || v >= (task === 'binary' ? 2 : classes);
    if (bad) {
      const expected = task === 'regression' ? 'a finite number' : `a class index in 0..${(task === 'binary' ? 2 : classes) - 1}`;
      throw new TrainInputError(field, `row ${row}: ${v} is not ${expected}`, row);
    }
  }
}

export function validateTrainInput(input: TrainInput): void {
  oneOf('task', input.task, TASKS);
  oneOf('kind', input.kind, KINDS);
  oneOf('activation', input.activation, ACTIVATIONS);
  oneOf('optimizer', input.optimizer, OPTIMIZERS);
  positiveInteger('epochs', input.epochs);
  positiveInteger('batchSize', input.batchSize);
  positiveInteger('threads', input.threads);
  if (input.learningRate !== undefined && !(input.learningRate > 0 && Number.isFinite(input.learningRate))) {
    throw new TrainInputError('learningRate', `${input.learningRate} is not a positive number`);
  }
  if (input.seed !== undefined && !Number.isInteger(input.seed)) throw new TrainInputError('seed', `${input.seed} is not an integer`);
  const classes = input.task === 'multiclass' ? input.classes ?? 0 : 2;
  if (input.task === 'multiclass' && (!Number.isInteger(classes) || classes < 3)) {
    throw new TrainInputError('classes', `a multiclass task needs classes >= 3, got ${input.classes}`);
  }
  checkMatrix('x', input.x, input.rows, input.cols);
  checkLabels('y', input.y, input.rows, input.task, classes);
  if (input.validation) {
    const v = input.validation;
    checkMatrix('validation.x', v.x, v.rows, input.cols);
    checkLabels('validation.y', v.y, v.rows, input.task, classes);
  }
}
