import { bucketize } from './bucketize.js';
import { clip } from './clip.js';
import { fill_missing } from './fill_missing.js';
import { hash_bucket } from './hash_bucket.js';
import { log1p } from './log1p.js';
import { min_max } from './min_max.js';
import { one_hot } from './one_hot.js';
import type { TransformSpec } from './spec.js';
import { standardize } from './standardize.js';
import { window_count } from './window_count.js';
import { window_max } from './window_max.js';
import { window_mean } from './window_mean.js';
import { window_min } from './window_min.js';
import { window_sum } from './window_sum.js';

export type { ArgKind, ArgSpec, ArgValues, ExprType, Range, TransformSpec } from './spec.js';
export { LITERAL_ARG_KINDS } from './spec.js';

/** The catalogue of feature transforms, one file each. Adding a transform: its file and one line here. */
export const TRANSFORMS: Readonly<Record<string, TransformSpec>> = {
  fill_missing,
  standardize,
  min_max,
  log1p,
  clip,
  bucketize,
  one_hot,
  hash_bucket,
  window_mean,
  window_sum,
  window_count,
  window_max,
  window_min,
};

export function isTransform(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TRANSFORMS, name);
}

/** The transform a callee names, or undefined (never an inherited property such as 'toString'). */
export function transformNamed(name: string): TransformSpec | undefined {
  return isTransform(name) ? TRANSFORMS[name] : undefined;
}

/** Transforms that may learn state from data (unless given literal statistics). */
export const FITTED_TRANSFORMS: readonly string[] = Object.values(TRANSFORMS)
  .filter((t) => t.fitted)
  .map((t) => t.name);

/** The window aggregates. */
export const WINDOW_TRANSFORMS: readonly string[] = Object.values(TRANSFORMS)
  .filter((t) => t.window)
  .map((t) => t.name);
