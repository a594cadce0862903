/**
 * A token the lexer cannot read ('2y', '1x0', '8q') is one `syntax` error, and the statement
 * holding it gets no other error: the rules judged the error node too, so one typo in a
 * window's duration also said "'window_sum' takes a positive duration", a literal argument
 * "takes a literal number", a list "takes a list of whole numbers" (two errors for one bad
 * token, against "one bad line yields one diagnostic").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const cases: Array<[string, string, string]> = [
  ['a window duration', '90d, as_of', '9y, as_of'],
  ['a fill_missing value', 'fill_missing(tenure_days, 0)', 'fill_missing(tenure_days, 1x0)'],
  ['a hash_bucket size', 'one_hot(customers.plan)', 'hash_bucket(customers.plan, 8q)'],
  ['a bucket edge', 'one_hot(customers.plan)', 'bucketize(tenure, [1, 2q, 3])'],
  ['an as_of column', 'as_of = customers.snapshot_at', 'as_of = 9x'],
  ['a layer size', '  seed   = 7\n}', '  seed   = 7\n  layers = [32, 1q6]\n}'],
];

describe('a token the lexer cannot read', () => {
  for (const [what, from, to] of cases)
    it(`in ${what} is one syntax error and nothing else`, { timeout: 30_000 }, () => {
      const errors = checkText(edit(basePipeline(), from, to)).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.code), ['syntax'], JSON.stringify(errors));
    });

  it('still leaves other statements their own errors', { timeout: 30_000 }, () => {
    const text = edit(edit(basePipeline(), '90d, as_of', '9y, as_of'), 'fill_missing(tenure_days, 0)', 'fill_missing(tenure_dayz, 0)');
    const codes = checkText(text).filter((d) => d.severity === 'error').map((d) => d.code).sort();
    assert.deepEqual(codes, ['syntax', 'unknown-reference']);
  });
});
