import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Comparison } from '../../../server/mlpipe/evaluate/gates.js';
import { comparisonText, gatesSummary, gateText, listedMetrics, metricText, notRegisteredDetail, notRegisteredReason } from '../../../server/mlpipe/evaluate/gateText.js';

const worse: Comparison = { stage: 'production', version: 2, metric: 'auc', candidate: 0.71, incumbent: 0.74, passed: false, basis: 'test-rows', rows: 750 };

test('a comparison in words names its basis and both numbers', () => {
  assert.equal(comparisonText(worse), "auc vs production v2 on this run's 750 test rows: 0.7100 vs 0.7400");
  assert.equal(
    comparisonText({ ...worse, basis: 'recorded', rows: undefined, why: 'its classes (a, b) differ from this data\'s (a, b, c)', candidate: null }),
    "auc vs production v2 as recorded at its training (its classes (a, b) differ from this data's (a, b, c)): not computed vs 0.7400",
  );
  assert.equal(comparisonText({ stage: 'staging', metric: 'rmse', candidate: 1, incumbent: null, passed: true }), 'rmse vs staging (none yet)');
});

test('why nothing was registered: failed gates, a worse comparison, or both', () => {
  const gate = { passed: false };
  assert.equal(notRegisteredReason({ passed: true, results: [{ passed: true }], comparisons: [] }), undefined);
  assert.equal(notRegisteredReason({ passed: false, results: [gate], comparisons: [] }), 'a gate failed');
  assert.equal(notRegisteredReason({ passed: false, results: [gate, gate], comparisons: [worse] }), '2 gates failed; worse than production v2 on auc');
  assert.equal(notRegisteredReason({ passed: false, results: [{ passed: true }], comparisons: [worse, { ...worse, metric: 'f1' }, { ...worse, metric: 'recall', passed: true }] }), 'worse than production v2 on auc, f1');
});

test('a stored run summarised for lists', () => {
  assert.equal(gatesSummary({ gates: [] }), '');
  assert.equal(gatesSummary({ gates: [{ passed: true }], comparisons: [{ ...worse, passed: true }] }), 'gates pass');
  assert.equal(gatesSummary({ gates: [{ passed: true }], comparisons: [worse] }), 'worse than production v2 on auc');
  assert.equal(gatesSummary({ gates: [{ passed: false }] }), 'a gate failed');
});

test("a run list shows the gated metrics first, so a multiclass run gated on 'f1' and 'log_loss' shows them", () => {
  const metrics = { accuracy: 0.6583, auc: 0.8857, precision: 0.6755, recall: 0.6755, f1: 0.6749, log_loss: 0.7521 };
  assert.equal(listedMetrics(metrics, [{ metric: 'f1' }, { metric: 'log_loss' }]), 'f1=0.675 log_loss=0.752 accuracy=0.658 auc=0.886');
  // Without gates: the first four, as before; with more gates than four, every gated one.
  assert.equal(listedMetrics(metrics, []), 'accuracy=0.658 auc=0.886 precision=0.675 recall=0.675');
  assert.equal(listedMetrics(metrics, ['recall', 'precision', 'log_loss', 'f1', 'auc'].map((metric) => ({ metric }))).split(' ').length, 5);
});

// A drift retrain's alert said only 'a gate failed, nothing registered': which gate, and by how
// much, was in 'mlpipe runs --json' only.
test('a retrain says which gates failed and by how much', () => {
  const rmse = { metric: 'rmse', op: '<=' as const, threshold: 1, actual: 6.80331, passed: false };
  const r2 = { metric: 'r2', op: '>=' as const, threshold: 0.2, actual: 0.6, passed: true };
  const auc = { metric: 'auc', op: '>=' as const, threshold: 0.8, actual: null, passed: false, reason: 'not a metric of a regression' };
  assert.equal(gateText(rmse), 'rmse <= 1: 6.8033');
  assert.equal(gateText(auc), 'auc >= 0.8: not computed (not a metric of a regression)');
  assert.equal(notRegisteredDetail({ passed: true, results: [r2], comparisons: [] }), undefined);
  assert.equal(notRegisteredDetail({ passed: false, results: [rmse, r2], comparisons: [] }), 'a gate failed (rmse <= 1: 6.8033)');
  assert.equal(
    notRegisteredDetail({ passed: false, results: [rmse, auc], comparisons: [worse] }),
    '2 gates failed (rmse <= 1: 6.8033; auc >= 0.8: not computed (not a metric of a regression)); worse than production v2 on auc',
  );
  assert.equal(notRegisteredDetail({ passed: false, results: [r2], comparisons: [worse] }), 'worse than production v2 on auc');
});

// A regression on a target of 1e30 printed 'rmse 9.427465107062706e+29' in the run, the gate and
// 'mlpipe runs'; 5e20 printed as 21 digits and '.000'.
test('a metric of huge magnitude is written in a few significant digits', () => {
  assert.equal(metricText(9.427465107062706e29), '9.4275e+29');
  assert.equal(metricText(5e20, 3), '5.000e+20');
  assert.equal(metricText(0.87654321), '0.8765');
  assert.equal(metricText(-12.5, 3), '-12.500');
  assert.equal(metricText(Number.NaN), 'NaN');
  assert.equal(gateText({ metric: 'rmse', op: '<=', threshold: 1e40, actual: 9.427465107062706e29, passed: true }), 'rmse <= 1e+40: 9.4275e+29');
  assert.equal(listedMetrics({ rmse: 9.427465107062706e29, r2: -0.116 }, []), 'rmse=9.427e+29 r2=-0.116');
});
