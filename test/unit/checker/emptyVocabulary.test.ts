/**
 * 'one_hot(x, vocabulary = [])' gives the model no column. Beside another input it was clean and
 * trained on nothing from it; as the only input the run was refused because "every row its
 * vocabulary is learned from misses the value", advice to state the vocabulary that was stated.
 * The argument itself is now refused, by the checker and the compiler through one rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe("an empty one_hot 'vocabulary'", () => {
  it("is 'invalid-value' at the list", () => {
    const text = edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(customers.plan, vocabulary = [])');
    const errors = checkText(text).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(text.slice(errors[0].start, errors[0].end), '[]');
    assert.equal(errors[0].message, "'vocabulary' of 'one_hot' needs at least one category; drop it to learn the categories from the training split");
  });
});
