import { attributesOf } from '../../binder.js';
import { PSI_EMPTY_BIN_SHARE, QUANTILE_BINS } from '../../drift/index.js';
import type { Rule } from '../rule.js';

/**
 * The least PSI of a window with one empty bin among the reference's quantile bins: that bin's
 * own term, (share - floor) * ln(share / floor), every other term being at least 0.
 */
export const EMPTY_BIN_PSI = (1 / QUANTILE_BINS - PSI_EMPTY_BIN_SHARE) * Math.log(1 / QUANTILE_BINS / PSI_EMPTY_BIN_SHARE);

/**
 * A `monitor` window of fewer predictions than the reference has quantile bins (`window = 1`):
 * the spec bounds `window` only as a count, so the engine measured drift over one value without
 * a word. Such a window leaves a bin empty on every check, which alone reads as drift (a PSI of
 * at least `EMPTY_BIN_PSI`, a Jensen-Shannon distance above the default test's 0.1), so those
 * lines alert, or ask for a retrain, on every window whatever the data, while the p-value tests
 * (KS, chi-squared) have too few values to detect anything. A warning, not an error: a tiny
 * window is a way to see an alert fire while trying the monitor out. An addition beyond the
 * spec's table (docs/diagnostics.md).
 */
export const smallWindow: Rule = {
  name: 'lifecycle/small-window',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'monitor') return;
    const value = attributesOf(block).get('window')?.value;
    // Not a whole number of 1 or more: `invalid-value`'s, and errors do not cascade.
    if (value?.kind !== 'Number' || !Number.isInteger(value.value) || value.value < 1 || value.value >= QUANTILE_BINS) return;
    const n = value.value;
    ctx.report(
      'lifecycle/small-window',
      value,
      `a window of ${n} prediction${n === 1 ? '' : 's'} cannot fill the reference's ${QUANTILE_BINS} quantile bins: every check leaves one empty, which alone reads as drift (psi ${EMPTY_BIN_PSI.toFixed(2)} or more), so psi and js lines alert on every window whatever the data, and p-value tests have too few values to see drift; use a window of hundreds of predictions (the default is 1000)`,
    );
  },
};
