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
