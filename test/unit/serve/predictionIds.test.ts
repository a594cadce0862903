import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PredictionIds, predictionId } from '../../../server/backend/serve/predictionIds.js';

describe('prediction ids', () => {
  it('are unique and sort in the order they were made, across every change of digit count up to four', () => {
    const ids = new PredictionIds();
    // 36^3 = 46,656: the counter goes from one base-36 digit to four.
    const made = Array.from({ length: 50_000 }, () => ids.next());
    assert.equal(new Set(made).size, made.length);
    const sorted = [...made].sort();
    for (let i = 0; i < made.length; i++) assert.equal(sorted[i], made[i], `id ${i}`);
    assert.match(made[0], /^[0-9a-z]+-[0-9a-z]+$/);
  });

  it('hold nothing JSON escapes, for every counter the format holds (the answer writes them unread)', () => {
    const prefixes = Array.from({ length: 20 }, () => new PredictionIds().prefix);
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.integer({ min: 1, max: 36 ** 9 - 1 }), (prefix, n) => {
        const id = predictionId(prefix, n);
        assert.match(id, /^[0-9a-z-]+$/);
        assert.equal(JSON.stringify(id), `"${id}"`);
      }),
      { numRuns: 5000 },
    );
  });

  it('differ between writers', () => {
    assert.notEqual(new PredictionIds().next(), new PredictionIds().next());
  });
});
