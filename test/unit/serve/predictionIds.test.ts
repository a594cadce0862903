import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PredictionIds } from '../../../server/backend/serve/predictionIds.js';

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

  it('differ between writers', () => {
    assert.notEqual(new PredictionIds().next(), new PredictionIds().next());
  });
});
