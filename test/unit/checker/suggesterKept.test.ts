import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Suggester } from '../../../server/mlpipe/checker/suggest.js';

describe('suggesters kept across checks (Suggester.of)', () => {
  it('reuses the last suggester of a key only while its candidates are the same, in the same order', () => {
    const first = Suggester.of('kept-test', ['amount', 'tenure']);
    assert.equal(first.closest('amout'), 'amount');
    assert.equal(Suggester.of('kept-test', ['amount', 'tenure']), first);
    // Other candidates under the same key: answers from them, not the kept ones.
    const other = Suggester.of('kept-test', ['balance', 'tenure']);
    assert.notEqual(other, first);
    assert.equal(other.closest('amout'), undefined);
    assert.equal(other.closest('balanse'), 'balance');
    assert.notEqual(Suggester.of('kept-test', ['tenure', 'balance']), other);
    // Another key never shares a suggester, even with the same candidates.
    assert.notEqual(Suggester.of('kept-test 2', ['tenure', 'balance']), Suggester.of('kept-test', ['tenure', 'balance']));
  });
});
