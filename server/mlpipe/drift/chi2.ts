/**
 * The chi-squared test's p-value over categories, as Evidently runs SciPy's chisquare: the live
 * counts are observed, the reference counts scaled to the live total are expected, with one
 * degree of freedom fewer than the categories either side has. A category the reference never
 * saw expects 0, so the statistic is infinite and the p-value 0.
 */
import { chi2Survival } from './gamma.js';
import { total } from './psi.js';

export function chi2PValue(reference: readonly number[], current: readonly number[]): number {
  const rTotal = total(reference);
  const cTotal = total(current);
  if (!rTotal || !cTotal) return NaN;
  const scale = cTotal / rTotal;
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < reference.length; i++) {
    const observed = current[i]!;
    const expected = reference[i]! * scale;
    if (observed === 0 && expected === 0) continue;
    if (expected === 0) return 0;
    categories++;
    statistic += (observed - expected) ** 2 / expected;
  }
  return chi2Survival(statistic, categories - 1);
}
