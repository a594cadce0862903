import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertText, type Alert } from '../../../extension/format/alertText.js';

const alert = (target: string, value: number, alertId: number): Alert => ({
  kind: 'alert',
  url: 'http://127.0.0.1:8080',
  target,
  statistic: target === 'plan' ? 'js' : 'wasserstein',
  value,
  threshold: 0.1,
  at: '2026-12-02T02:00:00Z',
  file: '/w/churn.mlpipe',
  model: 'churn_model v2',
  alertId,
  action: null,
});

test('an alert notification names the model, its file and URL, and each drifted target', () => {
  assert.equal(
    alertText([alert('plan', 0.559, 1), alert('tickets', 2.5, 2)]),
    "mlpipe: drift on churn_model v2 (churn.mlpipe, http://127.0.0.1:8080): 'plan' js 0.559 (threshold 0.1), 'tickets' wasserstein 2.500 (threshold 0.1).",
  );
});

test('a burst spanning two windows names each target once, with its latest value', () => {
  const text = alertText([alert('plan', 0.5, 1), alert('tickets', 2.4, 2), alert('plan', 0.559, 3), alert('tickets', 2.521, 4)]);
  assert.equal(text.match(/'plan'/g)?.length, 1);
  assert.equal(text.match(/'tickets'/g)?.length, 1);
  assert.match(text, /'plan' js 0\.559 .*'tickets' wasserstein 2\.52/);
});
