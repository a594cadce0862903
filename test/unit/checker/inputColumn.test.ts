/**
 * A model input that names a column of the primary table (`inputs = [support_tickets]`) rather
 * than a feature: the message said only that no feature has the name, and a user writing a first
 * pipeline did not learn that a column becomes an input through a feature.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('unknown-reference: a column listed as a model input', () => {
  it('says that it is a column and which feature to define', () => {
    const text = edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, support_tickets]');
    const found = checkText(text).filter((d) => d.code === 'unknown-reference');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(
      found[0].message,
      "no feature is called 'support_tickets': 'inputs' name features. 'support_tickets' is a column of 'customers': define 'feature support_tickets = customers.support_tickets' and list 'support_tickets'.",
    );
  });

  it('a name that is no column keeps the plain message', () => {
    const text = edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, nothing_here]');
    const found = checkText(text).filter((d) => d.code === 'unknown-reference');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, "no feature is called 'nothing_here': 'inputs' name features.");
  });
});
