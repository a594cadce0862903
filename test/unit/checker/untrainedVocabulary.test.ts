/**
 * A literal `one_hot` vocabulary entry that no training row holds: its indicator is 0 on every row
 * the model learns from, so its weight kept its Glorot-initial value, and a request of that
 * category was answered with that untrained shift (0.60 where an unseen category, the all-zero
 * vector, got 0.50). The check said only `skew/hard-coded-baseline`, as for any literal vocabulary;
 * it now names those entries as `skew/unseen-category` (an info) at the list, over the engine's split.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const withVocabulary = (list: string) => edit(basePipeline(), 'one_hot(customers.plan)', `one_hot(customers.plan, vocabulary = ${list})`);
const unseen = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'skew/unseen-category')
    .map((d) => [d.severity, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe('a literal vocabulary entry no training row holds', () => {
  it('is named at the vocabulary, as an info', () => {
    // The fixture's plans are 'basic' and 'standard' ('premium' is on no row).
    const list = '["basic", "standard", "gold"]';
    assert.deepEqual(unseen(withVocabulary(list)), [
      [
        'info',
        list,
        `1 entry of the vocabulary ("gold") occurs in no training row of 'plan': its indicator is 0 on every row the model learns from, so a request of that category gets an untrained weight, not the all-zero vector of an unseen one; drop it, or drop the vocabulary to learn it from the training split`,
      ],
    ]);
  });

  it('counts several, and stays quiet when every entry is trained', () => {
    const said = unseen(withVocabulary('["basic", "gold", "silver", "premium", "platinum"]'));
    assert.equal(said.length, 1);
    assert.match(said[0]![2], /^4 entries of the vocabulary \("gold", "silver", "premium", …\) occur in no training row of 'plan': their indicators are 0/);
    // A vocabulary of trained categories only (one left out is an unseen category's all-zero vector, fine).
    assert.deepEqual(unseen(withVocabulary('["basic", "standard"]')), []);
  });
});
