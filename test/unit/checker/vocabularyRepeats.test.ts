/**
 * A literal vocabulary that lists a category twice: the engine keys it by its last position, so
 * the first indicator was zero on every row (a dead input column) after a check that said only
 * 'skew/hard-coded-baseline'. It is 'invalid-value' at the repeat, as the checker and the
 * feature compiler read one catalogue ('argIssues').
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';
import { basePipeline, checkText, edit } from './fixture.js';

const withVocabulary = (list: string) => edit(basePipeline(), 'one_hot(customers.plan)', `one_hot(customers.plan, vocabulary = ${list})`);
const invalid = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'invalid-value')
    .map((d) => [text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe('a vocabulary that lists a category twice', () => {
  it('is quiet when each category is listed once', { timeout: 30_000 }, () => {
    assert.deepEqual(invalid(withVocabulary('["basic", "standard", "premium"]')), []);
  });

  it('is invalid-value at the repeat', { timeout: 30_000 }, () => {
    assert.deepEqual(invalid(withVocabulary('["basic", "standard", "basic"]')), [
      ['"basic"', `'vocabulary' of 'one_hot' lists "basic" twice: list each category once`],
    ]);
  });

  it('counts a number and its text as one category, as the engine keys cells', { timeout: 30_000 }, () => {
    assert.deepEqual(invalid(withVocabulary('["1", 1]')).map(([at]) => at), ['1']);
    assert.deepEqual(invalid(withVocabulary('[2, 2.0]')).map(([at]) => at), ['2.0']);
  });

  it('is refused by the feature compiler too, so a run cannot train the dead column', () => {
    assert.throws(
      () => planOf('feature p = one_hot(customers.plan, vocabulary = ["basic", "basic"])', ['p']),
      (e: unknown) => e instanceof PlanError && e.code === 'invalid-value' && /lists "basic" twice/.test(e.message),
    );
    // One of each compiles.
    assert.ok(planOf('feature p = one_hot(customers.plan, vocabulary = ["basic", "premium"])', ['p']));
  });
});
