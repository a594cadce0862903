/**
 * `skew/missing-default-mismatch` compared a serve default with every feature's fill_missing,
 * including features the served model never reads: an experimental feature filling the column
 * differently was an error, and `mlpipe serve` (which refuses the serve block's errors) would not
 * start, though no served request could ever reach that fill. Only the served model's features
 * (its inputs and what they read) can disagree with serving.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const withDefault = (text: string) => edit(text, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 0\n  }\n');

describe('a serve default and the fills of features the served model does not read', () => {
  it('is no error when only an unused feature fills the column otherwise', { timeout: 30_000 }, () => {
    const text = withDefault(edit(basePipeline(), 'feature plan    = one_hot(customers.plan)\n', 'feature plan    = one_hot(customers.plan)\nfeature spare   = fill_missing(tenure_days, 5)\n'));
    const found = checkText(text).map((d) => d.code);
    assert.deepEqual(found, ['lifecycle/unused-feature']);
  });

  it('is no error when only a model that is not served fills it otherwise', { timeout: 30_000 }, () => {
    let text = edit(basePipeline(), 'feature plan    = one_hot(customers.plan)\n', 'feature plan    = one_hot(customers.plan)\nfeature spare   = fill_missing(tenure_days, 5)\n');
    text = edit(text, 'evaluate {', 'model other {\n  kind   = linear\n  inputs = [spare, plan]\n  seed   = 1\n}\n\nevaluate {');
    const found = checkText(withDefault(text)).filter((d) => d.severity === 'error');
    assert.deepEqual(found, []);
  });

  it('is still an error when a feature the served model reads fills it otherwise', { timeout: 30_000 }, () => {
    const text = withDefault(edit(basePipeline(), 'fill_missing(tenure_days, 0)', 'fill_missing(tenure_days, 5)'));
    const found = checkText(text).filter((d) => d.severity === 'error');
    assert.deepEqual(found.map((d) => d.code), ['skew/missing-default-mismatch']);
  });
});
