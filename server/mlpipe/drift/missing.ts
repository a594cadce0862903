/**
 * The share of missing values of a drift target, in the window and in the training reference.
 * The statistics compare present values only (SciPy and Evidently drop NaN), so a feed that went
 * half missing (training 5%, live 60%) moved no statistic: the report now shows both shares.
 */
import { categoryKey, type ReferenceProfile } from './profile.js';

export interface MissingShares {
  /** Share of the window's values that are missing (0 to 1). */
  window: number;
  /** The training reference's share, or null when unknown (no profile for the target, or a profile of no rows). */
  training: number | null;
}

/** A value the statistics skip: null, undefined, NaN or an infinity (`presentNumbers`, `categoryKey`). */
function isMissing(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  return categoryKey(v) === null;
}

/** The training reference's missing share; null where it is unknown (never a throw: a profile read from an older file is judged by what it holds). */
export function trainingMissingShare(profile: ReferenceProfile | undefined): number | null {
  if (!profile) return null;
  const missing: unknown = (profile as { missing?: unknown }).missing;
  if (typeof missing !== 'number' || !Number.isFinite(missing) || missing < 0) return null;
  const total = profile.count + missing;
  return total > 0 ? missing / total : null;
}

/**
 * Both shares over a window's values; `present` is the count the window's summary already made
 * (`CurrentSummary.count`), else the values are counted here. Null for an empty window.
 */
export function missingShares(profile: ReferenceProfile | undefined, values: ArrayLike<unknown>, present?: number): MissingShares | null {
  const n = values.length;
  if (n === 0) return null;
  let missing = 0;
  if (present !== undefined) missing = n - present;
  else for (let i = 0; i < n; i++) if (isMissing(values[i])) missing++;
  return { window: missing / n, training: trainingMissingShare(profile) };
}
