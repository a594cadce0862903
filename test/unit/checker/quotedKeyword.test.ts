/**
 * A keyword attribute written as a string, as YAML and JSON configs write it ('format = "csv"',
 * 'kind = "mlp"'), was told "'format' takes one of 'csv', 'parquet', not a string", which reads
 * as if 'csv' were wrong. It now says to drop the quotes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const errors = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value');

describe('a keyword written in quotes', () => {
  it('says to write the word without the quotes', () => {
    const found = errors(edit(basePipeline(), 'kind   = mlp', 'kind   = "mlp"'));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, `'kind' takes the bare word mlp, not the string "mlp": write 'kind = mlp' without the quotes`);
  });

  it('keeps listing the values for a string that is none of them', () => {
    const found = errors(edit(basePipeline(), 'kind   = mlp', 'kind   = "forest"'));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /^'kind' takes one of 'mlp', 'logistic', 'linear'.*, not a string/);
  });
});
