/**
 * A misspelt block kind, attribute, keyword value, metric or drift statistic listed every word
 * the language has and suggested none, with no quick fix, unlike a misspelt name ('splitt {'
 * then also reads as no split at all). Each now ends "Did you mean …?" with the did-you-mean fix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const cases: Array<[string, string, string, string, string]> = [
  ['a block kind', 'split {', 'splitt {', 'unknown-block', 'split'],
  ['an attribute', '  seed = 42\n', '  sed = 42\n', 'unknown-attribute', 'seed'],
  ['a keyword value', '  backend       = cpu', '  backend       = cpuu', 'invalid-value', 'cpu'],
  ['a stage', 'churn_model@production', 'churn_model@prodution', 'invalid-value', 'production'],
  ['a metric', 'require auc >= 0.7', 'require aucc >= 0.7', 'invalid-value', 'auc'],
  ['a drift statistic', 'drift spend_z psi > 0.2', 'drift spend_z wasserstien > 0.2', 'invalid-value', 'wasserstein'],
  ["a transform's 'fit'", 'standardize(spend)', 'standardize(spend, fit = trian)', 'invalid-value', 'train'],
];

describe('a misspelt word of the language', () => {
  for (const [what, from, to, code, near] of cases)
    it(`in ${what} is offered '${near}'`, { timeout: 30_000 }, () => {
      const found = checkText(edit(basePipeline(), from, to)).filter((d) => d.code === code);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.ok(found[0].message.endsWith(`Did you mean '${near}'?`), found[0].message);
      assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: near });
    });
});
