import { z } from 'zod';

/**
 * The saved state of each fitted transform, as zod schemas. Each transform's file attaches its
 * own; the feature state reader (`features/state.ts`) validates saved models against them.
 * z.number() refuses NaN and infinities, so every statistic read back is finite.
 */

const count = z.number({ error: "'count' is not a number" });

export const standardizeState = z.object({
  kind: z.literal('standardize'),
  mean: z.number({ error: "needs a finite 'mean' and a positive 'std'" }),
  std: z.number({ error: "needs a finite 'mean' and a positive 'std'" }).positive({ error: "needs a finite 'mean' and a positive 'std'" }),
  count,
});

export const minMaxState = z
  .object({
    kind: z.literal('min_max'),
    min: z.number({ error: "needs finite 'min' <= 'max'" }),
    max: z.number({ error: "needs finite 'min' <= 'max'" }),
    count,
  })
  .refine((s) => s.max >= s.min, { error: "needs finite 'min' <= 'max'" });

export const bucketizeState = z.object({
  kind: z.literal('bucketize'),
  edges: z
    .array(z.number({ error: "'edges' must be ascending numbers" }), { error: "'edges' must be ascending numbers" })
    .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), { error: "'edges' must be ascending numbers" }),
  count,
});

export const oneHotState = z.object({
  kind: z.literal('one_hot'),
  vocabulary: z.array(z.union([z.string(), z.number()]), { error: "'vocabulary' must be a list of strings and numbers" }),
  count,
});
