/**
 * 'feature true = …' was accepted, though 'true' reads as the boolean wherever it is written:
 * 'inputs = [true]' then said "'inputs' takes feature names, not 'true': define a feature for it"
 * of a feature that was defined, and the feature was reported unused. Now one error, at the name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const found = (text: string) => checkText(text).filter((d) => d.severity !== 'info' || d.code === 'lifecycle/unused-feature').map((d) => `${d.code}: ${d.message}`);

describe("a feature named 'true' or 'false'", () => {
  it('is quiet for an ordinary name', { timeout: 30_000 }, () => {
    assert.deepEqual(found(basePipeline()), []);
  });

  for (const name of ['true', 'false'])
    it(`'feature ${name}' is one duplicate-definition at its name, listed in inputs or not`, { timeout: 30_000 }, () => {
      const text = edit(edit(basePipeline(), 'feature plan ', `feature ${name} `), 'spend_z, plan]', `spend_z, ${name}]`);
      assert.deepEqual(found(text), [`duplicate-definition: '${name}' is the boolean ${name} wherever it is written, so no input or feature could read this feature: give it another name`]);
    });
});
