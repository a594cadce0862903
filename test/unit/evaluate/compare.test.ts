import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithIncumbent } from '../../../server/mlpipe/evaluate/gates.js';
import { METRICS } from '../../../server/mlpipe/metrics/table.js';
import { comparisonText, comparisonVerdict, notRegisteredReason } from '../../../server/mlpipe/evaluate/gateText.js';
import { computeMetrics, notComputedReason } from '../../../server/mlpipe/metrics/index.js';

test('compare_to: no incumbent passes; each metric judged in its own direction; ties are not worse', () => {
  assert.deepEqual(compareWithIncumbent('production', ['auc'], { auc: 0.7 }), [{ stage: 'production', metric: 'auc', candidate: 0.7, incumbent: null, passed: true }]);
  for (const [metric, m] of Object.entries(METRICS)) {
    const better = m.higherIsBetter ? 0.9 : 0.1;
    const worse = m.higherIsBetter ? 0.1 : 0.9;
    const at = (candidate: number) => compareWithIncumbent('staging', [metric], { [metric]: candidate }, { version: 2, metrics: { [metric]: 0.5 }, basis: 'test-rows', rows: 40 })[0];
    assert.equal(at(better).passed, true, metric);
    assert.equal(at(0.5).passed, true, metric);
    assert.equal(at(worse).passed, false, metric);
    assert.deepEqual({ ...at(better), candidate: undefined }, { stage: 'staging', version: 2, metric, candidate: undefined, incumbent: 0.5, passed: true, basis: 'test-rows', rows: 40 });
  }
});

test('compare_to: a candidate metric that was not computed fails; an incumbent without it passes; a recorded basis carries why', () => {
  const incumbent = { version: 1, metrics: { auc: 0.8 }, basis: 'recorded' as const, why: 'its classes differ' };
  const [missing, noIncumbentValue] = compareWithIncumbent('production', ['auc', 'f1', 'auc'], { f1: 0.3 }, incumbent);
  assert.equal(missing.passed, false);
  assert.equal(missing.candidate, null);
  assert.equal(missing.why, 'its classes differ');
  assert.equal(noIncumbentValue.passed, true);
  assert.equal(noIncumbentValue.incumbent, null);
});

test('compare_to: a NaN metric (AUC over one class) is not computed, as the gates read it', () => {
  // It compared as "not worse" (NaN is better than nothing) and was stored as a null that passed.
  const incumbent = { version: 1, metrics: { auc: Number.NaN, f1: 0.4 }, basis: 'test-rows' as const, rows: 1600 };
  const [auc, f1] = compareWithIncumbent('staging', ['auc', 'f1'], { auc: Number.NaN, f1: Number.NaN }, incumbent);
  assert.deepEqual([auc.candidate, auc.incumbent, auc.passed], [null, null, false]);
  assert.deepEqual([f1.candidate, f1.incumbent, f1.passed], [null, 0.4, false]);
  const [judged] = compareWithIncumbent('staging', ['auc'], { auc: 0.7 }, incumbent);
  assert.deepEqual([judged.candidate, judged.incumbent, judged.passed], [0.7, null, true]);
});

// 8 compared rows of one class printed 'not computed vs not computed, WORSE' and 'registered
// nothing: worse than production v7 on auc': no number showed the candidate worse.
test('compare_to: a candidate metric not computed on the compared rows says why and reads NOT COMPARED, not WORSE', () => {
  const y = Float32Array.from([0, 0, 0]);
  const candidate = computeMetrics('binary', y, Float32Array.from([0.2, 0.4, 0.3]));
  const incumbent = { version: 7, metrics: computeMetrics('binary', y, Float32Array.from([0.1, 0.3, 0.2])), basis: 'test-rows' as const, rows: 3, trainedOn: 52 };
  const [auc, accuracy] = compareWithIncumbent('production', ['auc', 'accuracy'], candidate, incumbent, (m) => notComputedReason(m, 'binary', y, candidate, 'compared'));
  assert.deepEqual([auc.candidate, auc.incumbent, auc.passed, auc.reason], [null, null, false, 'those 3 rows all hold one class, and AUC needs two']);
  assert.deepEqual([accuracy.passed, accuracy.reason], [true, undefined], 'a computed metric has no reason');
  assert.equal(comparisonVerdict(auc), 'NOT COMPARED');
  assert.equal(
    comparisonText(auc),
    "auc vs production v7 on this run's 3 test rows (52 it trained on left out): not computed vs not computed (those 3 rows all hold one class, and AUC needs two)",
  );
  assert.equal(notRegisteredReason({ passed: false, results: [{ passed: true }], comparisons: [auc, accuracy] }), 'could not be compared with production v7 on auc');
  // A number that is worse still reads WORSE.
  assert.equal(comparisonVerdict({ passed: false, candidate: 0.4 }), 'WORSE');
  assert.equal(notComputedReason('r2', 'regression', Float32Array.from([1]), { r2: Number.NaN }, 'compared'), 'one row, and r2 needs two');
});
