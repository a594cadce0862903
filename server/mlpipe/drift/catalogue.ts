/**
 * The drift statistics: the one statement of what each means. The checker validates `drift`
 * lines against it, completion and hover show its text, and the monitor reads `drifted` to know
 * which side of a threshold is drift.
 */
import type { ValueRange } from '../metrics/table.js';
import { PREDICTION_TARGET } from '../language/keywords.js';
import type { ProfileKind } from './profile.js';

export const DRIFT_STATISTICS = ['psi', 'ks', 'js', 'wasserstein', 'chi2'] as const;
export type DriftStatistic = (typeof DRIFT_STATISTICS)[number];

export interface DriftStatisticInfo {
  /** Which targets it takes: numeric values, categories, or both. */
  data: ProfileKind | 'both';
  /** 'high': larger values mean more drift (a distance); 'low': smaller values do (a p-value). */
  drifted: 'high' | 'low';
  /** The values it can take: a threshold outside them never fires, or always does. */
  range: ValueRange;
  /** One line, for hover, completion and docs. */
  description: string;
  /** The exact definition, as the spec states it. */
  definition: string;
}

export const DRIFT_STATISTIC_INFO = {
  psi: {
    data: 'both',
    drifted: 'high',
    range: { min: 0, max: Infinity },
    description: 'Population stability index between the reference and the live distribution.',
    definition:
      'sum over the reference bins of (c - r) * ln(c / r), r and c the reference and live shares; numeric: 10 quantile bins of the reference, and one above its maximum when that is tied at the top edge; categorical: the categories plus one bin for unseen ones; empty bins floored at 0.0001',
  },
  ks: {
    data: 'numeric',
    drifted: 'high',
    range: { min: 0, max: 1 },
    description: 'Kolmogorov-Smirnov statistic D: the largest gap between the two empirical CDFs.',
    definition: 'max over x of |F_ref(x) - F_live(x)|, as SciPy ks_2samp computes it',
  },
  js: {
    data: 'both',
    drifted: 'high',
    range: { min: 0, max: Math.sqrt(Math.LN2) },
    description: 'Jensen-Shannon distance between the binned distributions (natural log).',
    definition:
      'sqrt((KL(r || m) + KL(c || m)) / 2), m = (r + c) / 2, natural log, as SciPy jensenshannon; numeric: 10 quantile bins of the reference, and one above its maximum when that is tied at the top edge; categorical: the categories plus one bin for unseen ones',
  },
  wasserstein: {
    data: 'numeric',
    drifted: 'high',
    range: { min: 0, max: Infinity },
    description: "Wasserstein (earth mover's) distance divided by the reference's standard deviation.",
    definition:
      'SciPy wasserstein_distance(reference, live) / max(std(reference), 0.001), std with ddof 0',
  },
  chi2: {
    data: 'both',
    drifted: 'low',
    range: { min: 0, max: 1 },
    description: 'Chi-squared test p-value over the categories: drift when it is small (chi2 < 0.05).',
    definition:
      "p-value of SciPy chisquare(observed live counts, reference counts scaled to the live total) over the categories (numeric: the distinct values, at most 100); an unseen category gives 0",
  },
} as const satisfies Record<DriftStatistic, DriftStatisticInfo>;

export function isDriftStatistic(name: string): name is DriftStatistic {
  return (DRIFT_STATISTICS as readonly string[]).includes(name);
}

/**
 * Why a statistic cannot measure a target of this kind (`ks` of a one_hot feature, `wasserstein`
 * of a multiclass model's predicted class), or undefined when it can: the checker's words, and
 * serving's and the monitor's. A numeric `prediction` (a binary model's probability, a
 * regression's value) takes no `chi2`: it has a value per distinct input row, so whether it stays
 * within the 100 values chi2 counts as categories is known only once trained, and a clean check
 * went on to a run that registered the model and a server that refused the line at start.
 */
export function statisticKindProblem(statistic: DriftStatistic, target: string, kind: ProfileKind): string | undefined {
  const numericPrediction = target === PREDICTION_TARGET && kind === 'numeric';
  const takes = (s: DriftStatistic): boolean => {
    const data: DriftStatisticInfo['data'] = DRIFT_STATISTIC_INFO[s].data;
    return (data === 'both' || data === kind) && !(numericPrediction && s === 'chi2');
  };
  if (takes(statistic)) return undefined;
  const fit = DRIFT_STATISTICS.filter(takes).map((s) => `'${s}'`).join(', ');
  if (numericPrediction && statistic === 'chi2')
    return `'chi2' compares categories, and the 'prediction' of a binary or regression model is a number (a probability or a value, one for each distinct input row): use ${fit}`;
  return `'${statistic}' measures ${DRIFT_STATISTIC_INFO[statistic].data} values, and '${target}' is ${kind}: use ${fit}`;
}

/** The words for a statistic the catalogue lacks: the checker's and serving's refusal. */
export function unknownStatisticMessage(name: string): string {
  return `unknown drift statistic '${name}': use ${DRIFT_STATISTICS.map((k) => `'${k}'`).join(', ')}`;
}
