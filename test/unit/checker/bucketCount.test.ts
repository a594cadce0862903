/**
 * `bucketize(x, n = 1)` (and `hash_bucket(x, 1)`) was a clean check: one quantile bucket has no edge, so every row was
 * bucket 0 and the model trained on a constant input. `n` takes 2 or more (the catalogue's range,
 * which the checker and the feature compiler both read). A number that is not whole
 * (`n = 2.5`) was 'unknown-transform' with a message that gave no range, while `n = 0` was
 * 'invalid-value' with one: both are a value out of range now, in the same words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withBuckets = (n: string) => edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = bucketize(fill_missing(tenure_days, 0), n = ${n})`);
const argProblems = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'invalid-value' || d.code === 'unknown-transform')
    .map((d) => [d.code, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe("bucketize's n", () => {
  it('is quiet from 2 buckets up', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withBuckets('2')), []);
    assert.deepEqual(argProblems(withBuckets('10')), []);
  });

  it('refuses one bucket, a constant input', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withBuckets('1')), [['invalid-value', '1', "'n' of 'bucketize' takes a whole number at least 2 and at most 10000, not 1"]]);
  });

  it('reports 0 and 2.5 with one code and words that give the range', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withBuckets('0')), [['invalid-value', '0', "'n' of 'bucketize' takes a whole number at least 2 and at most 10000, not 0"]]);
    assert.deepEqual(argProblems(withBuckets('2.5')), [['invalid-value', '2.5', "'n' of 'bucketize' takes a whole number at least 2 and at most 10000, not 2.5"]]);
    // Not a number at all is a wrong argument, still with the range to write.
    assert.deepEqual(argProblems(withBuckets('"ten"')), [['unknown-transform', '"ten"', "'n' of 'bucketize' takes a whole number at least 2 and at most 10000"]]);
  });

  it('is refused by the feature compiler too, so a run cannot train the constant', () => {
    assert.throws(
      () => planOf('feature b = bucketize(customers.tenure_days, n = 1)', ['b']),
      (e: unknown) => e instanceof PlanError && e.code === 'invalid-value' && /at least 2/.test(e.message),
    );
    assert.ok(planOf('feature b = bucketize(customers.tenure_days, n = 2)', ['b']));
  });
});

describe("hash_bucket's n", () => {
  const withHash = (n: string) => edit(basePipeline(), 'feature plan    = one_hot(customers.plan)', `feature plan    = hash_bucket(customers.plan, ${n})`);
  it('is quiet from 2 buckets up', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withHash('2')), []);
  });

  it('refuses one bucket, where every value hashes to 0', { timeout: 30_000 }, () => {
    assert.deepEqual(argProblems(withHash('1')), [['invalid-value', '1', "'n' of 'hash_bucket' takes a whole number at least 2 and at most 4294967295, not 1"]]);
    assert.throws(
      () => planOf('feature h = hash_bucket(customers.plan, 1)', ['h']),
      (e: unknown) => e instanceof PlanError && e.code === 'invalid-value' && /at least 2/.test(e.message),
    );
  });
});
