import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { predictAnswerJson } from '../../../server/backend/serve/fastPredict.js';

describe('predictAnswerJson', () => {
  const model = { name: 'churn_model', version: 3 };
  it('writes what JSON.stringify writes, for every kind of prediction and id', () => {
    const prediction = fc.oneof(
      fc.double(),
      fc.constantFrom(-0, Number.MIN_VALUE, Number.MAX_VALUE, 1e21, 1e-7, Infinity, NaN),
      fc.record({ label: fc.string(), probabilities: fc.dictionary(fc.string(), fc.double({ noNaN: true })) }),
    );
    const id = fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-z]+-[0-9a-z]+$/), fc.string());
    fc.assert(
      fc.property(fc.array(prediction, { maxLength: 20 }), fc.array(id, { maxLength: 20 }), (predictions, ids) => {
        assert.equal(predictAnswerJson(predictions, ids, JSON.stringify(model)), JSON.stringify({ predictions, ids, model }));
      }),
      { numRuns: 2000 },
    );
  });
});
