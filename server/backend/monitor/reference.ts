/**
 * The drift reference saved with a model (`reference.json` in its run folder): one profile per
 * monitored target, built once from the training split's feature values and predictions.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { buildProfile, referenceProfileSchema } from '../../mlpipe/drift/index.js';
import { json, readArtifact } from '../train/artifactFile.js';
import type { MonitoredValue, ValueKind } from './values.js';

export const REFERENCE_FILE = 'reference.json';

export const referenceFileSchema = z.object({
  format: z.literal('mlpipe-reference/1'),
  /** Training rows the profiles were built from. */
  rows: z.number().int(),
  targets: z.record(z.string(), referenceProfileSchema),
});
export type ReferenceFile = z.infer<typeof referenceFileSchema>;

/** Profiles of each named column of values (rows of `values`, one entry per name). */
export function buildReference(names: string[], kinds: ValueKind[], values: MonitoredValue[][]): ReferenceFile {
  const targets: ReferenceFile['targets'] = {};
  names.forEach((name, k) => {
    targets[name] = buildProfile(
      values.map((row) => row[k]),
      kinds[k],
    );
  });
  return { format: 'mlpipe-reference/1', rows: values.length, targets };
}

export async function writeReference(dir: string, ref: ReferenceFile): Promise<void> {
  await writeFile(join(dir, REFERENCE_FILE), JSON.stringify(ref));
}

/** The run's reference, or null for a model trained before references were saved. */
export async function readReference(dir: string): Promise<ReferenceFile | null> {
  return readArtifact(
    join(dir, REFERENCE_FILE),
    json((value) => {
      const parsed = referenceFileSchema.safeParse(value);
      if (!parsed.success) throw new Error(`not a drift reference (${parsed.error.issues[0]?.message})`);
      return parsed.data;
    }),
    () => null,
  );
}
