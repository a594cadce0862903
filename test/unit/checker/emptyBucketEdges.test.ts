/**
 * `bucketize(x, [])` was 'unknown-transform' while `bucketize(x, [4, 2])` was 'invalid-value':
 * both are literal edge lists out of their range (as an empty one_hot vocabulary is), so both
 * take the same code, in the checker and the feature compiler alike (one validation).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const withTenure = (call: string) => edit(basePipeline(), 'feature tenure  = fill_missing(tenure_days, 0)', `feature tenure  = ${call}`);
const onEdges = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'invalid-value' || d.code === 'unknown-transform')
    .map((d) => [d.code, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe('bucketize with no edges', () => {
  it('is invalid-value at the list, as edges that do not increase are', { timeout: 30_000 }, () => {
    assert.deepEqual(onEdges(withTenure('bucketize(fill_missing(tenure_days, 0), [])')), [
      ['invalid-value', '[]', "bucket edges need at least one number, e.g. '[0, 10, 100]'"],
    ]);
    assert.deepEqual(onEdges(withTenure('bucketize(fill_missing(tenure_days, 0), [365, 30])')), [['invalid-value', '[365, 30]', 'bucket edges must increase strictly']]);
  });

  it('is quiet with edges that increase', { timeout: 30_000 }, () => {
    assert.deepEqual(onEdges(withTenure('bucketize(fill_missing(tenure_days, 0), [30, 365])')), []);
  });
});
