/**
 * `model.json` of a saved model (written by the trainer, read by `reproduce`, serving and
 * scoring): declared once here and validated where it is read.
 */
import { z } from 'zod';
import type { Activation, ModelKind, ModelSpec, TrainTask, WeightSpec } from '../backend/train/types.js';

/** The trainer's vocabularies; the type checks below fail if these lists and its types part. */
const KINDS = ['mlp', 'logistic', 'linear'] as const satisfies readonly ModelKind[];
const TASKS = ['binary', 'multiclass', 'regression'] as const satisfies readonly TrainTask[];
const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'linear'] as const satisfies ReadonlyArray<Activation | 'linear'>;
type Exhaustive<T extends never> = T;
export type ModelFileVocabulariesCovered = Exhaustive<
  Exclude<ModelKind, (typeof KINDS)[number]> | Exclude<TrainTask, (typeof TASKS)[number]> | Exclude<Activation, (typeof ACTIVATIONS)[number]>
>;

export const MODEL_FORMAT = 'mlpipe-dense/1';

const NumberOrNaN = z.number().nullable().transform((v) => v ?? NaN);

export const ModelSpecSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  kind: z.enum(KINDS),
  task: z.enum(TASKS),
  inputs: z.number().int().positive(),
  classes: z.number().int().nonnegative(),
  layers: z.array(z.object({ units: z.number().int().positive(), activation: z.enum(ACTIVATIONS) })),
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
