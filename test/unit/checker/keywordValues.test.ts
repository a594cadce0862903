import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const base = basePipeline();
const invalid = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value').map((d) => d.message);

describe("monitor 'reference': a keyword with one allowed value", () => {
  it("takes 'training' (the default, said or not)", () => {
    assert.deepEqual(invalid(edit(base, '  on_drift = retrain\n', '  on_drift = retrain\n  reference = training\n')), []);
  });
  it("names the one value as 'only', not as 'one of' a list of one", () => {
    // It said "'reference' takes one of 'training', not 'live'".
    assert.deepEqual(invalid(edit(base, '  on_drift = retrain\n', '  on_drift = retrain\n  reference = live\n')), ["'reference' takes only 'training', not 'live'"]);
  });
  it('keeps the list for a keyword of several values', () => {
    assert.match(invalid(edit(base, 'on_drift = retrain', 'on_drift = page'))[0]!, /^'on_drift' takes one of 'retrain', 'alert', not 'page'/);
  });
});

describe('a keyword attribute given a reference with a stage', () => {
  it("quotes the value as written, '@stage' included", () => {
    // It said "not 'churn_model'", a value the user never wrote.
    const text = edit(base, '  require auc >= 0.7\n', '  require auc >= 0.7\n  compare_to = churn_model@production\n');
    assert.deepEqual(invalid(text), ["'compare_to' takes one of 'staging', 'production', 'archived', not 'churn_model@production'"]);
  });
});
