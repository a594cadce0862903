import type { BinaryOp } from '../syntax/ast.js';
import { hashBucket } from './hash.js';

/**
 * The scalar kernels: the one definition of each transform's arithmetic, called per value by
 * the row evaluator that both batch and serving run. Missing is NaN; a result that is not a
 * finite number (log1p(-1), x / 0, overflow) is missing too, so it never reaches a model as
 * an infinity.
 */

export function finite(v: number): number {
  return v - v === 0 ? v : NaN;
}

export function standardizeValue(x: number, mean: number, std: number): number {
  return finite((x - mean) / std);
}

/** `span` is `max - min`, or 1 when they are equal (every value then maps to 0). */
export function minMaxValue(x: number, min: number, span: number): number {
  return finite((x - min) / span);
}

export function log1pValue(x: number): number {
  return finite(Math.log1p(x));
}

export function clipValue(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Number of edges <= x (numpy.digitize with right=False); missing stays missing. */
export function bucketIndex(edges: Float64Array, x: number): number {
  if (x !== x) return NaN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Canonical text of a value, used for hashing, vocabularies and history keys (one definition: `data/keys.ts`). */
export { valueText } from '../data/keys.js';

export function hashBucketValue(text: string | null, n: number): number {
  return text === null ? NaN : hashBucket(text, n);
}

export function arithmetic(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return finite(a + b);
    case '-':
      return finite(a - b);
    case '*':
      return finite(a * b);
    case '/':
      return finite(a / b);
  }
}
