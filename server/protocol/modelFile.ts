/**
 * `model.json` of a saved model (written by the trainer, read by `reproduce`, serving and
 * scoring): declared once here and validated where it is read.
 */
import { z } from 'zod';
import type { ModelSpec, WeightSpec } from '../backend/train/types.js';
import { ACTIVATIONS, MODEL_KINDS, TRAIN_TASKS } from '../mlpipe/language/keywords.js';

/** The output layer's activation: the identity, which the language's `activation` never names. */
const LAYER_ACTIVATIONS = [...ACTIVATIONS, 'linear'] as const;

export const MODEL_FORMAT = 'mlpipe-dense/1';

const NumberOrNaN = z.number().nullable().transform((v) => v ?? NaN);

export const ModelSpecSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  kind: z.enum(MODEL_KINDS),
  task: z.enum(TRAIN_TASKS),
  inputs: z.number().int().positive(),
  classes: z.number().int().nonnegative(),
  layers: z.array(z.object({ units: z.number().int().positive(), activation: z.enum(LAYER_ACTIVATIONS) })),
  head: z.enum(['sigmoid', 'softmax', 'identity']),
}) satisfies z.ZodType<ModelSpec>;

export const WeightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.literal('float32'),
}) satisfies z.ZodType<WeightSpec>;

export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  spec: ModelSpecSchema,
  weights: z.object({ file: z.string().regex(/^[^/\\]+$/, 'a file name in the model folder'), specs: z.array(WeightSpecSchema), hash: z.string() }),
  seed: z.number(),
  trainedOn: z.string(),
  // A diverged loss is NaN, which JSON writes as null.
  history: z.array(z.object({ epoch: z.number(), epochs: z.number(), loss: NumberOrNaN, valLoss: NumberOrNaN.optional(), seconds: z.number() })),
});
export type ModelFileJson = z.infer<typeof ModelFileSchema>;
