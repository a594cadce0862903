/**
 * A column written as a string (`standardize("price")`, as pandas' `df["price"]` or SQL quote
 * one) or a column named `true` read bare (the literal) was told only that a string or a boolean
 * is not a feature value: the message now says how to read the column it names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from './fixture.js';
import { oneFeatureCsv, oneFeaturePipeline } from './targetPipelines.js';

function check(feature: string, header: string[]) {
  return checkText(oneFeaturePipeline(feature), { 'd.csv': oneFeatureCsv(header) }).filter((d) => d.code === 'invalid-value');
}

describe('a literal where a column was meant', () => {
  it('a quoted column name says to write it without quotes', () => {
    const [d, ...rest] = check('standardize("price")', ['id', 'label', 'price']);
    assert.equal(rest.length, 0, JSON.stringify(rest));
    assert.equal(d!.message, "a string is not a feature value: features compute numbers from columns; to read the column 'price', write it without quotes");
  });

  it('a quoted header that is no name says it cannot be named', () => {
    const [d] = check('standardize("Sale Price")', ['id', 'label', 'Sale Price']);
    assert.match(d!.message, /^a string is not a feature value: features compute numbers from columns\. The column 'Sale Price' cannot be named in a \.mlpipe file/);
  });

  it("a column named 'true' read bare says to qualify it", () => {
    const [d] = check('standardize(true)', ['id', 'label', 'true']);
    assert.equal(d!.message, "a boolean is not a feature value: features compute numbers from columns; to read the column 'true' of 'd', write 'd.true'");
  });

  it('a literal that names no column keeps the plain message', () => {
    const [d] = check('standardize("nope")', ['id', 'label', 'price']);
    assert.equal(d!.message, 'a string is not a feature value: features compute numbers from columns');
  });
});
