/**
 * A drift target whose every value in a full window is missing (an inner feature, `window_mean`
 * of a history that matches no request at serving, while the model reads it through a
 * `fill_missing`): the statistics count present values only, so the report said 'not measured'
 * with "drifted": false, as for a target the monitor had no reason to measure. It now says
 * `allMissing` (GET /drift, `mlpipe drift --json`), and the verdict's words say why, in
 * `mlpipe drift` and the Drift panel alike. Still no drift and no alert: nothing was compared.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftVerdictText } from '../../../server/mlpipe/drift/verdict.js';
import { numericProfile, reportOfRows } from './loggedWindow.js';

describe('a drift target missing on every value of the window', () => {
  it('is reported as allMissing, in words that say so, and never as drift', () => {
    const report = reportOfRows(
      {
        avg: numericProfile((i) => (i * 7) % 50),
        tenure: numericProfile((i) => (i * 13) % 90),
        // Missing in training too: no change to report.
        never: numericProfile(() => NaN),
      },
      Array.from({ length: 20 }, (_, k) => [NaN, (k * 13) % 90, NaN]),
    );
    const byTarget = new Map(report.targets.map((t) => [t.target, t]));
    const avg = byTarget.get('avg')!;
    assert.equal(avg.value, null);
    assert.equal(avg.drifted, false);
    assert.equal(avg.allMissing, true);
    assert.equal(driftVerdictText(avg), 'not measured: every value in the window is missing');
    // A target with values, and one missing in training too: nothing added.
    assert.equal(byTarget.get('tenure')!.allMissing, undefined);
    assert.notEqual(byTarget.get('tenure')!.value, null);
    assert.equal(byTarget.get('never')!.allMissing, undefined);
    assert.equal(driftVerdictText(byTarget.get('never')!), 'not measured');
    assert.deepEqual(report.alerts, []);
  });
});
