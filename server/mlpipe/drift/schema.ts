/** The reference profile's JSON shape, for reading it back from a model file. */
import { z } from 'zod';
import { MAX_SORTED_VALUES, type ReferenceProfile } from './profile.js';

const count = z.number().int().nonnegative();

const numericProfile = z.object({
  kind: z.literal('numeric'),
  count,
  missing: count,
  mean: z.number(),
  std: z.number().nonnegative(),
  distinct: count,
  edges: z.array(z.number()),
  binCounts: z.array(count),
  sorted: z.array(z.number()),
  values: z.array(z.number()).nullable(),
  valueCounts: z.array(count).nullable(),
});

const categoricalProfile = z.object({
  kind: z.literal('categorical'),
  count,
  missing: count,
  categories: z.array(z.string()),
  counts: z.array(count),
});

export const referenceProfileSchema: z.ZodType<ReferenceProfile> = z
  .discriminatedUnion('kind', [numericProfile, categoricalProfile])
  .refine((p) => (p.kind === 'numeric' ? (p.sorted.length === p.count || (p.count > MAX_SORTED_VALUES && p.sorted.length === MAX_SORTED_VALUES)) && p.binCounts.length === (p.count ? p.edges.length + 1 : 0) : p.categories.length === p.counts.length), {
    message: 'the profile counts do not match its values',
  });
