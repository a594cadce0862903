/**
 * `clip(x, 3, 3)` and `min_max(x, min = 5, max = 5)` were clean checks. Equal clip bounds make
 * every present value that one number, a constant input the model learns nothing from (the run
 * trained and scored `auc 0.5000`); equal min_max bounds leave no range to divide by, so the kernel
 * divided by 1 and the feature was `x - 5`, not scaled to [0, 1] as the transform says. Both are
 * out of range now, in the catalogue's `validate` (transforms/clip.ts, min_max.ts), which the
 * checker and the feature compiler both read, as `bucketize(x, n = 1)` is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withTenure = (expr: string) => edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = ${expr}`);
const argProblems = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'invalid-value' || d.code === 'unknown-transform')
    .map((d) => [d.code, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe('equal bounds of clip and min_max', () => {
  it('clip with hi above lo is quiet', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withTenure('clip(fill_missing(tenure_days, 0), 3, 4)')), []);
  });

  it('clip with hi equal to lo is invalid-value at hi: a constant input', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withTenure('clip(fill_missing(tenure_days, 0), 3, 3)')), [
      ['invalid-value', '3', "'hi' of 'clip' equals 'lo' (3): every value would become 3, a constant input; give a 'hi' above 'lo'"],
    ]);
    // Named and reordered, the same.
    assert.deepEqual(argProblems(withTenure('clip(hi = 3, lo = 3, x = fill_missing(tenure_days, 0))')).map((p) => p[0]), ['invalid-value']);
  });

  it('min_max with max above min is quiet of invalid-value', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withTenure('min_max(fill_missing(tenure_days, 0), min = 5, max = 6)')), []);
  });

  it('min_max with max equal to min is invalid-value at max: nothing to scale by', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withTenure('min_max(fill_missing(tenure_days, 0), min = 5, max = 5)')), [
      ['invalid-value', '5', "'max' of 'min_max' equals 'min' (5): there is no range to scale by, so values would only be shifted by 5, not scaled to [0, 1]; give a 'max' above 'min', or drop both to fit them"],
    ]);
  });

  it('is refused by the feature compiler too, so a run cannot train on them', () => {
    for (const expr of ['clip(customers.tenure_days, 3, 3)', 'min_max(customers.tenure_days, min = 5, max = 5)'])
      assert.throws(
        () => planOf(`feature b = ${expr}`, ['b']),
        (e: unknown) => e instanceof PlanError && e.code === 'invalid-value' && /equals/.test(e.message),
        expr,
      );
    assert.ok(planOf('feature b = clip(customers.tenure_days, 3, 4)', ['b']));
    assert.ok(planOf('feature b = min_max(customers.tenure_days, min = 5, max = 6)', ['b']));
  });
});
