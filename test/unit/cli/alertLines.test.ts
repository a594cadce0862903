import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertLines, QUIET_MS } from '../../../server/cli/alertLines.js';
import type { AlertEvent } from '../../../server/backend/rpc/alerts.js';

const alert = (target: string, value: number, action?: string): AlertEvent => ({
  kind: 'alert',
  url: 'http://127.0.0.1:1',
  file: '/p/churn.mlpipe',
  model: 'churn_model v1',
  alertId: 1,
  target,
  statistic: 'psi',
  value,
  threshold: 0.2,
  at: '2026-12-04T00:00:00.000Z',
  action: action ?? null,
});

test("a target's alerts within the quiet time are counted, then printed once with the latest", () => {
  const out: string[] = [];
  let now = 0;
  const lines = new AlertLines((l) => out.push(l), () => now);
  lines.add(alert('order_z', 0.5, 'retrain started'));
  lines.add(alert('plan', 0.3));
  for (let i = 0; i < 3000; i++) lines.add(alert('order_z', 0.6, 'recorded: a retrain of this pipeline is already running (drift:order_z)'));
  assert.deepEqual(out, ["drift alert on 'order_z': psi 0.5000, threshold 0.2 (retrain started)", "drift alert on 'plan': psi 0.3000, threshold 0.2"]);
  now = QUIET_MS + 1;
  lines.flush();
  assert.equal(out[2], "3000 more drift alerts on 'order_z' in 10 s, the latest: psi 0.6000, threshold 0.2 (recorded: a retrain of this pipeline is already running (drift:order_z))");
  assert.equal(out.length, 3, "nothing more for 'plan'");
  // After the quiet time a new alert prints at once.
  lines.add(alert('order_z', 0.7));
  assert.equal(out[3], "drift alert on 'order_z': psi 0.7000, threshold 0.2");
  lines.flush();
  assert.equal(out.length, 4);
});

test('a counted alert whose action a retrain recorded later is summarised with the recorded action', () => {
  const out: string[] = [];
  const lines = new AlertLines((l) => out.push(l), () => 0);
  const withId = (id: number, action: string): AlertEvent => ({ ...alert('order_z', 0.5 + id / 10, action), alertId: id });
  lines.add(withId(1, 'retrain started (drift:order_z)'));
  lines.add(withId(2, 'recorded: a retrain of this pipeline is already running (drift:order_z)'));
  lines.add(withId(3, 'recorded: a retrain of this pipeline is already running (drift:order_z)'));
  // The retrain was skipped: the log records its outcome on the alert that started it and on those that waited.
  lines.recorded([1, 2, 3], 'no retrain: the pipeline and every source are unchanged since retrain r-1');
  // An outcome recorded on other alerts changes nothing here.
  lines.recorded([9], 'retrain failed: boom');
  lines.flush();
  assert.deepEqual(out, [
    "drift alert on 'order_z': psi 0.6000, threshold 0.2 (retrain started (drift:order_z))",
    "2 more drift alerts on 'order_z' in 10 s, the latest: psi 0.8000, threshold 0.2 (no retrain: the pipeline and every source are unchanged since retrain r-1)",
  ]);
});
