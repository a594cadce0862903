/**
 * `test` and `validation` must leave rows for training, but a share that is out of range on its
 * own is that share's one error: `validation = 1` was also told the two "together must leave
 * rows", a second error on the same value (errors do not cascade).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const split = (shares: string) => edit(basePipeline(), '  test = 0.2\n', shares);
const errors = (text: string) => checkText(text).filter((d) => d.severity === 'error').map((d) => d.message);

describe("the split's shares", () => {
  it('that sum to 1 or more, each within range, are one error at validation', { timeout: 30_000 }, () => {
    assert.deepEqual(errors(split('  test = 0.5\n  validation = 0.5\n')), ["'test' and 'validation' together must leave rows for training (sum below 1)"]);
  });

  it('with one out of range on its own are that error alone', { timeout: 30_000 }, () => {
    assert.deepEqual(errors(split('  test = 0.2\n  validation = 1\n')), ["'validation' takes a share between 0 and 1 (exclusive), not '1'"]);
    assert.deepEqual(errors(split('  test = 1.5\n  validation = 0.1\n')), ["'test' takes a share between 0 and 1 (exclusive), not '1.5'"]);
  });
});
