import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithIncumbent } from '../../../server/mlpipe/evaluate/gates.js';
import { METRICS } from '../../../server/mlpipe/metrics/table.js';

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
