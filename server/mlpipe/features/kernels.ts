import type { BinaryOp } from '../syntax/ast.js';
import { finite } from '../transforms/literals.js';

/**
 * The engine's own scalar arithmetic (operators). Each transform's kernel lives in its
 * catalogue file (`transforms/<name>.ts`); they are re-exported here for older readers.
 * Missing is NaN; a result that is not a finite number (x / 0, overflow) is missing too.
 */

export { finite } from '../transforms/literals.js';
export { standardizeValue } from '../transforms/standardize.js';
export { minMaxValue } from '../transforms/min_max.js';
export { log1pValue } from '../transforms/log1p.js';
export { clipValue } from '../transforms/clip.js';
export { bucketIndex } from '../transforms/bucketize.js';
export { hashBucketValue } from '../transforms/hash_bucket.js';

/** Canonical text of a value, used for hashing, vocabularies and history keys (one definition: `data/keys.ts`). */
export { valueText } from '../data/keys.js';

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
  // Not a fall-through to an implicit undefined: optimized code would then return the result
  // untyped, boxing every fraction a row's operator computes as a heap number.
  throw new Error(`internal: unknown operator ${op as string}`);
}
