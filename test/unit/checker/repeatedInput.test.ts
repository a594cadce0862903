/**
 * `inputs = [tenure, tenure]` was a clean check, and the run trained on the same column twice
 * (a logistic model of 5 input columns for 4 features' worth): a feature listed twice is no one's
 * intent. The checker reports it at the repeat, and 'mlpipe run' refuses the file by that error
 * (the run's check stops it before any data loads).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const withInputs = (list: string) => edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', `inputs = ${list}`);
const invalid = (text: string) =>
  checkText(text)
    .filter((d) => d.code === 'invalid-value')
    .map((d) => [text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.range.start.character, d.message]);

describe('a model input listed twice', () => {
  it('is quiet when each feature is listed once', { timeout: 30_000 }, () => {
    assert.deepEqual(invalid(withInputs('[tenure, spend_z, plan]')), []);
  });

  it('is invalid-value at the repeat, not at the first', { timeout: 30_000 }, () => {
    const text = withInputs('[tenure, spend_z, plan, tenure]');
    assert.deepEqual(invalid(text), [
      ['tenure', text.split('\n').find((l) => l.includes('inputs ='))!.lastIndexOf('tenure'), "'inputs' lists 'tenure' twice: the model would get the same column twice; list each feature once"],
    ]);
  });

  it('leaves a repeated unknown name to unknown-reference', { timeout: 30_000 }, () => {
    const text = withInputs('[tenure, spend_z, plan, nope, nope]');
    assert.deepEqual(invalid(text), []);
  });
});
