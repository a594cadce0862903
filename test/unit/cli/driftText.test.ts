/**
 * `mlpipe drift` printed the targets and alerts but not the window's quality from feedback
 * labels, which GET /drift and `--json` report: a user who sent labels saw nothing of them in the
 * terminal. The text now has a quality line when the report has quality.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftText } from '../../../server/cli/commands/drift.js';
import type { DriftReport } from '../../../server/protocol/serving.js';

const report: DriftReport = {
  window: 200,
  filled: 200,
  model: { name: 'demand_model', version: 1 },
  targets: [{ target: 'price_z', statistic: 'psi', value: 8.259, threshold: 0.2, op: '>', drifted: true, defaultTest: false }],
  alerts: [],
};

test('the text report prints the quality metrics from feedback labels', () => {
  const out = driftText({ ...report, quality: { labels: 100, metrics: { rmse: 5.001002461609599, mae: 4.992425575256347, r2: 0.9221627055449437 } } }, false, undefined);
  assert.match(out, /^quality over 100 predictions with feedback labels: rmse 5\.001  mae 4\.992  r2 0\.9222$/m);
});

test('without labels the report has no quality line; with too few, the line says why there is no metric', () => {
  assert.doesNotMatch(driftText(report, false, undefined), /quality/);
  const note = "12 of the window's predictions have feedback labels the model knows; quality is measured from 50";
  assert.match(driftText({ ...report, qualityNote: note }, false, undefined), new RegExp(`^quality: ${note}$`, 'm'));
});

test('a report of the newest alerts says they are the latest, not the total', () => {
  const alert = (id: number) => ({ id, at: '2026-12-05T03:05:29.810Z', target: 'price_z', statistic: 'psi', value: 2.9, threshold: 0.2, window: 200, model: report.model, action: null });
  assert.match(driftText({ ...report, alerts: [alert(1), alert(2)] }, false, undefined), /^alerts \(2\):$/m);
  // 171 recorded, the report lists the newest 100 (listAlerts): "alerts (100)" read as the total.
  const hundred = Array.from({ length: 100 }, (_, i) => alert(72 + i));
  assert.match(driftText({ ...report, alerts: hundred }, false, undefined), /^alerts \(the latest 100; older ones are in the prediction log\):$/m);
});

test('a target with missing values says its share beside training, after its verdict; one with none says nothing', () => {
  const t = report.targets[0]!;
  const out = driftText({ ...report, targets: [{ ...t, missing: { window: 0.6, training: 0.05 } }, { ...t, target: 'tenure', missing: { window: 0, training: 0 } }, { ...t, target: 'plan', missing: { window: 0.25, training: null } }] }, false, undefined);
  assert.match(out, /^ {2}price_z .* DRIFTED {2}missing 60\.0% \(training 5\.0%\)$/m);
  assert.match(out, /^ {2}tenure .* DRIFTED$/m);
  assert.match(out, /^ {2}plan .* DRIFTED {2}missing 25\.0% \(training unknown\)$/m);
});
