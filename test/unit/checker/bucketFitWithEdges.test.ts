/**
 * `bucketize(x, [50, 80], fit = all)` was a clean check: fixed edges fit nothing, so `fit` changed
 * nothing while reading as if the edges were learned from every row. The spec gives `fit` to
 * the `n` form only (`bucketize(x, [edges])` or `bucketize(x, n =, fit =)`); anything else is
 * 'unknown-transform'. The catalogue says so once (`with: 'n'` on the argument), for the checker
 * and the feature compiler alike.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withTenure = (call: string) => edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = ${call}`);
const unknown = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'unknown-transform')
    .map((d) => [text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe("bucketize's fit with fixed edges", () => {
  it('is quiet with n, and edges without fit', { timeout: 30_000 }, () => {
    assert.deepEqual(unknown(withTenure('bucketize(fill_missing(tenure_days, 0), n = 4, fit = train)')), []);
    assert.deepEqual(unknown(withTenure('bucketize(fill_missing(tenure_days, 0), [30, 365])')), []);
  });

  it('is unknown-transform at the fit', { timeout: 30_000 }, () => {
    assert.deepEqual(unknown(withTenure('bucketize(fill_missing(tenure_days, 0), [30, 365], fit = all)')), [
      ['fit = all', "'fit' of 'bucketize' is taken only with 'n': drop it, or give 'n' (bucketize(x, [edges]) | bucketize(x, n = 10, fit = train))"],
    ]);
  });

  it('says first that neither edges nor n is given', { timeout: 30_000 }, () => {
    assert.deepEqual(unknown(withTenure('bucketize(fill_missing(tenure_days, 0), fit = all)')).map(([, m]) => m), [
      "'bucketize' takes 'edges' or 'n', exactly one: bucketize(x, [edges]) | bucketize(x, n = 10, fit = train)",
    ]);
  });

  it('is refused by the feature compiler too', () => {
    assert.throws(
      () => planOf('feature b = bucketize(customers.tenure_days, [30, 365], fit = all)', ['b']),
      (e: unknown) => e instanceof PlanError && e.code === 'unknown-transform' && /taken only with 'n'/.test(e.message),
    );
    assert.ok(planOf('feature b = bucketize(customers.tenure_days, [30, 365])', ['b']));
  });
});
