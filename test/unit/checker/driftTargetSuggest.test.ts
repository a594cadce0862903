/**
 * A misspelt drift target ('tmp_z' for 'temp_z') was told only that it "is not a feature", with
 * no "Did you mean" and no quick fix, though a misspelt name anywhere else gets both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('a misspelt drift target', () => {
  it('is offered the closest feature the served model reads', { timeout: 30_000 }, () => {
    const found = checkText(edit(basePipeline(), 'drift spend_z psi > 0.2', 'drift spnd_z psi > 0.2')).filter((d) => d.code === 'lifecycle/unknown-drift-target');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, "'spnd_z' is not a feature: monitor a feature model 'm' reads, or 'prediction'. Did you mean 'spend_z'?");
    assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'spend_z' });
  });

  it("is offered 'prediction'", { timeout: 30_000 }, () => {
    const [d] = checkText(edit(basePipeline(), 'drift spend_z psi > 0.2', 'drift predicton psi > 0.2')).filter((x) => x.code === 'lifecycle/unknown-drift-target');
    assert.deepEqual(d?.data, { fix: 'did-you-mean', name: 'prediction' });
  });

  it('is offered nothing when no name is close', { timeout: 30_000 }, () => {
    const [d] = checkText(edit(basePipeline(), 'drift spend_z psi > 0.2', 'drift zzzzzz psi > 0.2')).filter((x) => x.code === 'lifecycle/unknown-drift-target');
    assert.equal(d?.message, "'zzzzzz' is not a feature: monitor a feature model 'm' reads, or 'prediction'");
    assert.equal(d?.data, undefined);
  });
});
