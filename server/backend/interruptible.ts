import { interrupted } from './abort.js';

/** How long a computation runs between chances for an interrupt to arrive. */
const SLICE_MS = 50;

/**
 * A place in a long computation where an interrupt can stop it. A SIGTERM or Ctrl-C reaches
 * the signal only through the event loop, which a synchronous pass over many rows never gives
 * back: a run told to stop during its evaluation went on scoring the test split, the
 * `compare_to` incumbent and the drift reference (every training row) before it looked. Each call
 * gives the event loop a turn once 50 ms have passed, then throws `interrupted(where)` if the
 * signal fired; without a signal it costs nothing.
 */
export function interruptionPoint(signal: AbortSignal | undefined, where: string): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (!signal) return;
    if (!signal.aborted && performance.now() - since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
    if (signal.aborted) throw interrupted(where);
  };
}

/**
 * Rows scored between interruption points: a multiple of the engines' own chunks (the wasm
 * engine's 4,096 rows, tfjs's 16,384), so the calls cut the rows where the engines already do.
 * The wasm kernels' last bits depend on how many rows a call holds (its row tiles), and the
 * test split's metrics and a reproduced run's must not change with this.
 */
export const ROWS_PER_SLICE = 16_384;

/**
 * Scores `rows` rows of `x` (row-major, `cols` wide) through `predict` a slice of rows at a
 * time, with an interruption point between slices. A model so large that one slice takes long
 * is still stopped only after it.
 */
export async function predictInSlices(
  predict: (x: Float32Array, rows: number) => Float32Array | Promise<Float32Array>,
  x: Float32Array,
  rows: number,
  cols: number,
  pause: () => Promise<void>,
): Promise<Float32Array> {
  if (rows <= ROWS_PER_SLICE) return predict(x, rows);
  let out: Float32Array | undefined;
  for (let start = 0; start < rows; start += ROWS_PER_SLICE) {
    await pause();
    const n = Math.min(ROWS_PER_SLICE, rows - start);
    const part = await predict(x.subarray(start * cols, (start + n) * cols), n);
    const width = part.length / n;
    out ??= new Float32Array(width * rows);
    out.set(part, start * width);
  }
  await pause();
  return out!;
}
