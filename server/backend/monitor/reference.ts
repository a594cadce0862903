/**
 * The drift reference saved with a model (`reference.json` in its run folder): one profile per
 * monitored target, built once from the training split's feature values and predictions.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { buildProfile, isDriftStatistic, referenceProfileSchema, statisticProblem } from '../../mlpipe/drift/index.js';
import { namedRecord } from '../../protocol/namedRecord.js';
import { json, readArtifact } from '../train/artifactFile.js';
import type { MonitoredValue, ValueKind } from './values.js';
import { setOwn } from '../../mlpipe/ownKey.js';

export const REFERENCE_FILE = 'reference.json';

export const referenceFileSchema = z.object({
  format: z.literal('mlpipe-reference/1'),
  /** Training rows the profiles were built from. */
  rows: z.number().int(),
  targets: namedRecord(referenceProfileSchema),
});
export type ReferenceFile = z.infer<typeof referenceFileSchema>;

/**
 * Profiles of each named target over `rows` training rows; `column(k)` gives `names[k]`'s
 * values, asked for one target at a time so only one column is held while its profile is built.
 */
export function buildReference(names: string[], kinds: ValueKind[], column: (k: number) => ArrayLike<MonitoredValue>, rows: number): ReferenceFile {
  const targets: ReferenceFile['targets'] = {};
  names.forEach((name, k) => {
    setOwn(targets, name, buildProfile(column(k), kinds[k]));
  });
  return { format: 'mlpipe-reference/1', rows, targets };
}

/**
 * The `drift` lines this reference cannot measure (`chi2` of a target with hundreds of distinct
 * values, a kind the checker could not see without data), in the monitor's words: serving
 * refuses the first at start, and the run that built the reference says so when it trains.
 */
export function unmeasurableDriftLines(lines: Iterable<{ target: string; statistic: string }>, reference: ReferenceFile | null): string[] {
  const out: string[] = [];
  for (const d of lines) {
    // Own entries only: a line on a feature this version does not compute (another model's 'toString') has none.
    const profile = reference && Object.hasOwn(reference.targets, d.target) ? reference.targets[d.target] : undefined;
    if (!profile || !isDriftStatistic(d.statistic)) continue;
    const problem = statisticProblem(profile, d.statistic, d.target);
    if (problem) out.push(`monitor: 'drift ${d.target} ${d.statistic}' cannot be measured: ${problem}`);
  }
  return out;
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
