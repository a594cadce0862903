/**
 * `serve { log_predictions = false }` with a `monitor` block checked clean, yet drift is measured
 * on logged predictions only: the server answers /drift with 409 and no drift line, alert or
 * retrain ever fires. It is serving without monitoring, as a missing monitor block is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('a monitor block with predictions not logged', () => {
  it('is lifecycle/unmonitored-serving at log_predictions', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), '  model = churn_model@production\n', '  model = churn_model@production\n  log_predictions = false\n');
    const found = checkText(text).filter((d) => d.code === 'lifecycle/unmonitored-serving');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].message, "'log_predictions = false' leaves the 'monitor' block nothing to measure: drift is computed on logged predictions; drop this line to log them");
    assert.equal(text.slice(found[0].start, found[0].end), 'false');
  });

  it('is nothing when predictions are logged', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), '  model = churn_model@production\n', '  model = churn_model@production\n  log_predictions = true\n');
    assert.deepEqual(checkText(text).filter((d) => d.code === 'lifecycle/unmonitored-serving'), []);
  });
});
