// zod/mini: the same library as 'zod' (the same core, the same parse results and messages),
// built to be tree-shaken, so bundles that hold the catalogue but never read state (the CLI's
// 'check') carry a few KB of it instead of all of zod.
import * as z from 'zod/mini';

/**
 * The saved state of each fitted transform, as zod schemas. Each transform's file attaches its
 * own; the feature state reader (`features/state.ts`) validates saved models against them.
 * z.number() refuses NaN and infinities, so every statistic read back is finite.
 */

const count = z.number({ error: "'count' is not a number" });

const meanStd = { error: "needs a finite 'mean' and a positive 'std'" };
export const standardizeState = z.object({
  kind: z.literal('standardize'),
  mean: z.number(meanStd),
  std: z.number(meanStd).check(z.positive(meanStd)),
  count,
});

const minMax = { error: "needs finite 'min' <= 'max'" };
export const minMaxState = z
  .object({
    kind: z.literal('min_max'),
    min: z.number(minMax),
    max: z.number(minMax),
    count,
  })
  .check(z.refine((s) => s.max >= s.min, minMax));

const ascending = { error: "'edges' must be ascending numbers" };
export const bucketizeState = z.object({
  kind: z.literal('bucketize'),
  edges: z.array(z.number(ascending), ascending).check(z.refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), ascending)),
  count,
});

export const oneHotState = z.object({
  kind: z.literal('one_hot'),
  vocabulary: z.array(z.union([z.string(), z.number()]), { error: "'vocabulary' must be a list of strings and numbers" }),
  count,
});
