import assert from 'node:assert/strict';
import { test } from 'node:test';
import { age, formatMetric, keyMetric, runLine } from '../../../extension/format/runText.js';

test('the key metric is the first gate\'s, else the first metric', () => {
  assert.deepEqual(keyMetric({ metrics: { accuracy: 0.8, auc: 0.9 }, gates: [{ metric: 'auc', op: '>=', threshold: 0.8, actual: 0.9, passed: true }] }), { name: 'auc', value: 0.9 });
  assert.deepEqual(keyMetric({ metrics: { rmse: 2 }, gates: [] }), { name: 'rmse', value: 2 });
  assert.equal(keyMetric({ metrics: {}, gates: [] }), undefined);
});

test('ages and numbers read short', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  assert.equal(age('2026-12-01T11:59:50Z', now), '10s ago');
  assert.equal(age('2026-12-01T11:55:00Z', now), '5m ago');
  assert.equal(age('2026-12-01T09:00:00Z', now), '3h ago');
  assert.equal(age('2026-11-28T12:00:00Z', now), '3d ago');
  assert.equal(formatMetric(0.87), '0.870');
  assert.equal(formatMetric(1234.5), '1234.5');
  assert.equal(formatMetric(0.00001), '1.00e-5');
  assert.equal(formatMetric(NaN), 'NaN');
  assert.equal(runLine({ metrics: {}, gates: [], status: 'failed', startedAt: '2026-12-01T11:59:00Z' }, now), 'failed · 1m ago');
});
