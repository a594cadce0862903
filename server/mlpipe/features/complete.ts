import type { BatchResult } from './batch.js';
import { isUnusableInput } from './usable.js';

/** Rows of each side of a split, as the runner partitions them (rows with a missing target left out). */
export interface SplitSides {
  train: number[];
  test: number[];
  validation: number[];
}

export interface CompleteRows {
  /** Each side with the rows whose model inputs are all present. */
  sides: SplitSides;
  /** Rows left out for a missing input. */
  dropped: number;
  /** Per model input: how many of the left-out rows miss it (only those > 0), in the model's order. */
  leftOut: Array<{ feature: string; count: number }>;
  /** The first left-out row (0-based, lowest row number), when one is. */
  firstLeftOut?: number;
  /** The side left with no row, when one is: the run is refused. */
  empty?: 'training' | 'test';
  /** Per model input of the empty side: how many of its rows miss it (only those > 0). */
  missingOnEmpty: Array<{ feature: string; count: number; of: number }>;
  /**
   * The first kept row (lowest row number) with a model input beyond float32's range, when no
   * side is empty: the trainer refuses an infinite input, so the run is refused.
   */
  beyond?: { row: number; feature: string; value: number };
  /**
   * The model gets no input column at all: every input is a vector (a one-hot encoding) whose
   * vocabulary is empty, learned from training rows that all miss it. The trainer cannot build
   * a model of no inputs, so the run is refused.
   */
  noColumns?: true;
}

/**
 * A model's inputs: a batch of its own (`transformBatch`), or its columns of a wider batch read in
 * place (`BatchColumns.select`): model column k is column `at[k]` of each `stride`-wide row of
 * `x`, and `beyondValues` is keyed by the index in that `x`. `width` and `columns` are the model's.
 */
export type Batch = Pick<BatchResult, 'x' | 'width' | 'columns' | 'missing' | 'beyond' | 'beyondValues'> & { stride?: number; at?: ArrayLike<number> };

/** Where each model column of `batch` lies in its rows of `x`. */
export function cellsOf(batch: Pick<Batch, 'width' | 'stride' | 'at'>): { stride: number; at: ArrayLike<number> } {
  if (batch.at) return { stride: batch.stride!, at: batch.at };
  const at = new Int32Array(batch.width);
  for (let k = 0; k < at.length; k++) at[k] = k;
  return { stride: batch.width, at };
}

/**
 * Rows whose model inputs are still missing after every transform are left out, as rows with a
 * missing target are; a training or test side left empty is refused, and so is a kept row with
 * an input beyond float32's range. The runner and the checker ('invalid-value' on a feature
 * missing on every row, or too large for the model) both decide through this.
 */
export function completeRows(batch: Batch, parts: SplitSides): CompleteRows {
  if (batch.width === 0) return { sides: parts, dropped: 0, leftOut: [], missingOnEmpty: [], noColumns: true };
  if (batch.missing.length === 0) return withBeyond(batch, { sides: parts, dropped: 0, leftOut: [], missingOnEmpty: [] });
  const { x, width } = batch;
  const { stride, at } = cellsOf(batch);
  const counts = new Array<number>(width).fill(0);
  let firstLeftOut = -1;
  const complete = (r: number) => {
    let ok = true;
    for (let k = 0; k < width; k++) {
      if (Number.isNaN(x[r * stride + at[k]])) {
        counts[k]++;
        ok = false;
      }
    }
    if (!ok && (firstLeftOut === -1 || r < firstLeftOut)) firstLeftOut = r;
    return ok;
  };
  const sides: SplitSides = { train: parts.train.filter(complete), test: parts.test.filter(complete), validation: parts.validation.filter(complete) };
  const dropped = parts.train.length + parts.test.length + parts.validation.length - sides.train.length - sides.test.length - sides.validation.length;
  // Only scalar inputs can be missing ('batch.missing' names them); each is one column.
  const leftOut: CompleteRows['leftOut'] = [];
  for (const m of batch.missing) {
    const k = batch.columns.indexOf(m.feature);
    if (k >= 0 && counts[k] > 0) leftOut.push({ feature: m.feature, count: counts[k] });
  }
  const first = firstLeftOut === -1 ? {} : { firstLeftOut };
  const empty = sides.train.length === 0 ? 'training' : sides.test.length === 0 ? 'test' : undefined;
  if (!empty) return withBeyond(batch, { sides, dropped, leftOut, ...first, missingOnEmpty: [] });
  const rows = empty === 'training' ? parts.train : parts.test;
  const missingOnEmpty: CompleteRows['missingOnEmpty'] = [];
  for (const m of batch.missing) {
    const k = batch.columns.indexOf(m.feature);
    let count = 0;
    if (k >= 0) for (const r of rows) if (Number.isNaN(x[r * stride + at[k]])) count++;
    if (count > 0) missingOnEmpty.push({ feature: m.feature, count, of: rows.length });
  }
  return { sides, dropped, leftOut, ...first, empty, missingOnEmpty };
}

/** The first kept row with an infinite input (only present values are kept: those are beyond float32's range). */
function withBeyond(batch: Batch, kept: CompleteRows): CompleteRows {
  if (batch.beyond.length === 0) return kept;
  const { x, width } = batch;
  const { stride, at } = cellsOf(batch);
  let first = -1;
  let column = -1;
  for (const side of [kept.sides.train, kept.sides.validation, kept.sides.test]) {
    for (const r of side) {
      if (first !== -1 && r >= first) continue;
      for (let k = 0; k < width; k++) {
        if (isUnusableInput(x[r * stride + at[k]])) {
          first = r;
          column = k;
          break;
        }
      }
    }
  }
  if (first === -1) return kept;
  const i = first * stride + at[column];
  return { ...kept, beyond: { row: first, feature: batch.columns[column]!, value: batch.beyondValues.get(i) ?? x[i]! } };
}

/**
 * Why a model with no input column is refused, for the runner and the checker alike. `inputs`:
 * the model's inputs, each a vector with no category.
 */
export function noInputColumnsMessage(inputs: readonly string[]): string {
  const names = inputs.map((i) => `'${i}'`).join(', ');
  const which = inputs.length === 1 ? `its only input ${names} is a one-hot encoding` : `each of its inputs ${names} is a one-hot encoding`;
  return `the model has no input column: ${which} with no category, because every row its vocabulary is learned from misses the value; state the categories with 'vocabulary = [...]', or add an input that has values on the training rows`;
}

/**
 * What the runner says of the rows it left out, or undefined when it kept every row: rows whose
 * target is missing are in no side; rows whose model inputs are still missing after every
 * transform are in none either (serving rejects such a request, so a model never learns a
 * filled-in value it will not be given). `source` names the primary table's file; rows are
 * 1-based data rows (the header is not counted).
 */
export function leftOutMessage(
  source: string,
  target: { name: string; missing: number; first?: number; timeSplit?: { onTest: number; testRows: number } },
  kept: Pick<CompleteRows, 'dropped' | 'leftOut' | 'firstLeftOut'>,
): string | undefined {
  const parts: string[] = [];
  if (target.missing > 0) {
    // Rows still to be forecast (no target yet) are the most recent: a time split puts them on
    // the test side, which then judges the model on far fewer rows than 'test' asked for.
    const t = target.timeSplit;
    const onTest =
      t && t.onTest > 0
        ? ` (${t.onTest === target.missing ? 'all' : t.onTest} of them the most recent rows, which the time split put on the test side: it keeps ${rowsText(t.testRows)} with a target; keep rows still to be predicted out of the training data and score them with 'mlpipe score')`
        : '';
    parts.push(`${rowsText(target.missing)} with a missing target '${target.name}'${target.first === undefined ? '' : ` (first: data row ${target.first + 1})`}${onTest}`);
  }
  if (kept.dropped > 0) {
    const which = kept.leftOut.map((m) => `'${m.feature}' (${m.count})`).join(', ');
    parts.push(
      `${rowsText(kept.dropped)} with a missing model input: ${which}${kept.firstLeftOut === undefined ? '' : ` (first: data row ${kept.firstLeftOut + 1})`}; wrap an input in fill_missing(…) to keep its rows`,
    );
  }
  return parts.length ? `left out of ${source}: ${parts.join('; ')}` : undefined;
}

function rowsText(n: number): string {
  return n === 1 ? '1 row' : `${n} rows`;
}
