/**
 * What a model takes: float32 numbers. A model input is unusable when its float32 value is not
 * a finite number: missing (NaN), or a number beyond float32's range (about ±3.4e38, e.g. a cell
 * '1e300'), which becomes an infinity. The trainer refuses such an input, the runner and the
 * checker name its row first, and serving answers 400: all of them decide through these two.
 */

/** float32's largest finite value, for messages. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** True when a model input, as the model holds it (float32), is not a finite number. */
export function isUnusableInput(v: number): boolean {
  return v - v !== 0;
}

/** True when a present number becomes an infinite model input once stored as float32. */
export function beyondFloat32(v: number): boolean {
  return v === v && isUnusableInput(Math.fround(v));
}

/** Why a value is refused, shared by the runner, the checker and serving. */
export function beyondFloat32Reason(value: number): string {
  return `is ${value}, beyond float32's range (about ±3.4e38), which the model would see as an infinity`;
}

/** The runner's and the checker's refusal of a kept row with such an input (`row` 0-based). */
export function beyondFloat32Message(b: { row: number; feature: string; value: number }, source: string): string {
  return `'${b.feature}' on row ${b.row + 1} of '${source}' ${beyondFloat32Reason(b.value)}: the run is refused; scale it with 'log1p(…)' or bound it with 'clip(…)'`;
}

/**
 * The runner's and the checker's refusal of a regression target cell beyond float32's range
 * (`row` 0-based): the trainer holds targets as float32, where it would be an infinity.
 */
export function targetBeyondFloat32Message(target: string, row: number, value: number, source: string): string {
  return `target '${target}' on row ${row + 1} of '${source}' ${beyondFloat32Reason(value)}: the run is refused; rescale the column in the data (in thousands, say)`;
}

/**
 * The one float32 value every present value of a regression target rounds to, when they differ
 * as written (1e9 plus thousandths): the trainer, its predictions and the test metrics hold the
 * target as float32, so such a run learned a constant and reported rmse 0 and r2 1. Undefined
 * when float32 keeps two values apart, or the values are one value anyway. Missing (NaN) skipped.
 */
export function float32ConstantTarget(values: Iterable<number | null>): number | undefined {
  let first: number | undefined;
  let rounded = 0;
  let differ = false;
  for (const v of values) {
    if (v === null || v !== v) continue;
    if (first === undefined) {
      first = v;
      rounded = Math.fround(v);
    } else if (Math.fround(v) !== rounded) return undefined;
    else if (v !== first) differ = true;
  }
  return differ ? rounded : undefined;
}

/** The runner's and the checker's refusal of such a target (`float32ConstantTarget`). */
export function targetFloat32ConstantMessage(target: string, value: number, source: string): string {
  return `target '${target}' of '${source}' holds values that differ only below float32's precision: each is ${value} as float32, the precision the model trains, predicts and is measured in, so the run would learn a constant and score it as perfect: the run is refused; subtract their common offset in the data ('${target}' - ${value}, say)`;
}

/**
 * Why a row whose inputs are all finite still gets no prediction: the network's float32
 * arithmetic overflowed on it (a price of 1e38 over a reference price of 7 is a finite input,
 * and the first layer's sums of it are not). Serving answered 200 with a null prediction, score
 * wrote '-Infinity', and parity then reported skew. `input`: the row's input of largest magnitude.
 */
export function outputBeyondFloat32Reason(input: string, value: number): string {
  return `the model's output is not a finite number: its float32 arithmetic overflows on input '${input}' = ${value}, far outside the values it learned from`;
}

/** The offset, from `from`, of the value of largest magnitude among `width` values of `x`. */
export function largestInput(x: ArrayLike<number>, from: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (Math.abs(x[from + k]) > Math.abs(x[from + best])) best = k;
  return best;
}

/**
 * Inputs of this magnitude or more have a square beyond float32's range: a training loss or
 * gradient over them overflows at once, whatever the learning rate (a price cell of 1e38 divided
 * by a reference price of 7). Below it, a diverged training is the learning rate's doing.
 */
export const FLOAT32_SQUARE_LIMIT = Math.sqrt(FLOAT32_MAX);

/** The runner's reason a training diverged on such an input (`row` 0-based), instead of the learning rate. */
export function hugeInputReason(b: { row: number; feature: string; value: number }, source: string): string {
  return `input '${b.feature}' is ${b.value} on row ${b.row + 1} of '${source}', whose square is beyond float32's range: bound it with 'clip(…)' or scale it with 'log1p(…)'`;
}
