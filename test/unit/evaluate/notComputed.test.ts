import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateGates } from '../../../server/mlpipe/evaluate/gates.js';
import { gateText } from '../../../server/mlpipe/evaluate/gateText.js';
import { computeMetrics, metricReason, notComputedReason } from '../../../server/mlpipe/metrics/index.js';

test('a gate on AUC over a test split of one class says why it was not computed', () => {
  const y = Float32Array.from([1, 1, 1]);
  const computed = computeMetrics('binary', y, Float32Array.from([0.2, 0.7, 0.9]));
  assert.ok(Number.isNaN(computed.auc!));
  const [auc, f1] = evaluateGates(
    [
      { metric: 'auc', op: '>=', threshold: 0.5 },
      { metric: 'f1', op: '>=', threshold: 0.1 },
    ],
    computed,
    (m) => notComputedReason(m, 'binary', y, computed),
  );
  assert.deepEqual(auc, { metric: 'auc', op: '>=', threshold: 0.5, actual: null, passed: false, reason: "the test split's 3 rows all hold one class, and AUC needs two" });
  assert.equal(f1!.reason, undefined, 'a computed metric has no reason');
  assert.equal(f1!.passed, true);
});

test('notComputedReason: both classes present, a metric of the other task, an empty split', () => {
  const y = Float32Array.from([0, 1]);
  const computed = computeMetrics('binary', y, Float32Array.from([0.2, 0.7]));
  assert.equal(notComputedReason('auc', 'binary', y, computed), undefined);
  assert.equal(notComputedReason('rmse', 'binary', y, computed), 'not a metric of a classification');
  assert.equal(notComputedReason('auc', 'binary', new Float32Array(0), { auc: NaN }), 'the test split is empty');
  // A split of a few rows can leave one test row ('3 rows all hold' read as '1 row all hold').
  assert.equal(notComputedReason('auc', 'binary', Float32Array.from([1]), { auc: NaN }), 'the test split has one row, so one class, and AUC needs two');
});

test('r2 over a one-row test split is not computed, with why (scikit-learn: NaN under two samples)', () => {
  const y = Float32Array.from([3.5]);
  const computed = computeMetrics('regression', y, Float32Array.from([1.0]));
  assert.ok(Number.isNaN(computed.r2!), 'one row has no variance to explain: r2 is no number, not 0');
  assert.equal(computed.rmse, 2.5);
  const [r2] = evaluateGates([{ metric: 'r2', op: '>=', threshold: 0.1 }], computed, (m) => notComputedReason(m, 'regression', y, computed));
  assert.deepEqual(r2, { metric: 'r2', op: '>=', threshold: 0.1, actual: null, passed: false, reason: 'the test split has one row, and r2 needs two' });
  // Two rows of one value keep scikit-learn's constant-target rule (0 unless predicted exactly).
  assert.equal(computeMetrics('regression', Float32Array.from([2, 2]), Float32Array.from([1, 3])).r2, 0);
});

test('a failed r2 gate over test rows of one target value says why it is 0, whatever the model learned', () => {
  // scikit-learn's value stays (0 unless predicted exactly); a bare "r2 >= 0.5: 0.0000 FAIL" read
  // as a model that learned nothing, when no model could pass.
  const y = Float32Array.from([2.5, 2.5, 2.5]);
  const computed = computeMetrics('regression', y, Float32Array.from([2.4, 2.6, 2.5]));
  assert.equal(computed.r2, 0);
  const [r2, rmse, low] = evaluateGates(
    [
      { metric: 'r2', op: '>=', threshold: 0.5 },
      { metric: 'rmse', op: '<=', threshold: 0.01 },
      { metric: 'r2', op: '>=', threshold: 0 },
    ],
    computed,
    (m) => metricReason(m, 'regression', y, computed),
  );
  const why = "the test split's 3 rows all hold one target value, 2.5, which leaves r2 no variance to explain: it is 1 when every prediction is exactly 2.5, else 0 (as scikit-learn); gate on rmse or mae, or test on rows where the target varies";
  assert.deepEqual(r2, { metric: 'r2', op: '>=', threshold: 0.5, actual: 0, passed: false, reason: why });
  assert.equal(gateText(r2!), `r2 >= 0.5: 0.0000 (${why})`);
  assert.equal(rmse!.reason, undefined, 'rmse is the model\'s: no reason');
  assert.equal(low!.reason, undefined, 'a gate that passes needs none');
  // Rows that vary: the value is the model's.
  const varied = Float32Array.from([1, 2, 3]);
  assert.equal(metricReason('r2', 'regression', varied, computeMetrics('regression', varied, Float32Array.from([3, 2, 1]))), undefined);
});
