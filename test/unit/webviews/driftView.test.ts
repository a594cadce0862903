import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DriftDetail, DriftTargetDetail } from '../../../server/protocol/backend.js';
import type { DriftToHost, DriftToView, DriftViewState } from '../../../server/protocol/webview.js';
import { Channel } from '../../../webviews/common/channel.js';
import type * as DriftViewModule from '../../../webviews/drift/view.js';
import { FakeApi, simulatedDom, stubCanvas } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let mod: typeof DriftViewModule;
before(async () => {
  dom = simulatedDom();
  stubCanvas(dom.window);
  mod = await import('../../../webviews/drift/view.js');
});
after(() => dom.close());

function target(over: Partial<DriftTargetDetail> = {}): DriftTargetDetail {
  return {
    target: 'order_z',
    statistic: 'psi',
    op: '>',
    threshold: 0.2,
    value: 0.31,
    drifted: true,
    defaultTest: false,
    bins: { labels: ['< 0', '0–1', '≥ 1'], reference: [100, 300, 600], live: [50, 25, 25] },
    history: [
      { end: 500, at: '2026-12-01T10:00:00.000Z', value: 0.05, drifted: false },
      { end: 1000, at: '2026-12-01T10:05:00.000Z', value: 0.31, drifted: true },
    ],
    ...over,
  };
}

function detail(over: Partial<DriftDetail> = {}): DriftDetail {
  return {
    url: 'http://127.0.0.1:8080',
    file: '/ws/churn.mlpipe',
    model: 'churn_model',
    version: 1,
    window: 500,
    filled: 500,
    targets: [target(), target({ target: 'plan', statistic: 'js', threshold: 0.1, value: 0.02, drifted: false, bins: { labels: ['basic', 'pro', '(unseen)'], reference: [5, 5, 0], live: [9, 1, 0] } })],
    alerts: [{ id: 7, at: '2026-12-01T10:05:00.000Z', target: 'order_z', statistic: 'psi', value: 0.31, threshold: 0.2, window: 500, model: { name: 'churn_model', version: 1 }, action: null }],
    ...over,
  };
}

function mount(saved?: DriftViewState) {
  const api = new FakeApi<DriftViewState>('mlpipe.drift', saved);
  const channel = new Channel<DriftToView, DriftToHost, DriftViewState>(api, dom.window as never);
  const root = document.createElement('div');
  document.body.append(root);
  const view = new mod.DriftView(root, channel);
  channel.start(
    (m) => view.receive(m),
    (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
  );
  return { api, root, view };
}

test('a filling window says how far it is and that the verdict is held; a missing filled reads as full', () => {
  assert.equal(mod.windowText({ filled: 120, window: 500 }), '120 of 500 predictions, verdict held');
  assert.equal(mod.windowText({ filled: 500, window: 500 }), 'last 500 predictions');
  assert.equal(mod.windowText({ window: 500 } as DriftDetail), 'last 500 predictions');
  assert.equal(mod.verdictText({ drifted: null, value: 0.1 }), 'held');
  assert.equal(mod.verdictText({ drifted: true, value: 0.3 }), 'DRIFTED');
  assert.equal(mod.verdictText({ drifted: false, value: null }), 'not measured');
  assert.deepEqual(mod.shares([1, 3]), [0.25, 0.75]);
  assert.deepEqual(mod.shares([0, 0]), [0, 0]);
});

test('shows each target with both distributions, its verdict and history; the alerts; Retrain now and Refresh post typed messages', async () => {
  const { api, root } = mount();
  assert.deepEqual(api.posted, [{ type: 'ready' }]);
  const view = root;
  const m: DriftToView = { type: 'drift', detail: detail(), now: Date.parse('2026-12-01T10:10:00.000Z') };
  // receive through the window, as the host would post it
  dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data: m }) as never);
  const text = view.textContent!;
  assert.match(text, /Drift: churn_model v1/);
  assert.match(text, /last 500 predictions/);
  assert.match(text, /⚠ 1 target\(s\) drifted: order_z/);
  assert.match(text, /DRIFTED/);
  assert.match(text, /js \(default\)|js/);
  // Bars: one pair per bin, widths relative to the largest share; the live window is 50% in the first bin.
  const sections = view.querySelectorAll('section.target');
  assert.equal(sections.length, 2);
  const bars = sections[0]!.querySelectorAll('.bar');
  assert.equal(bars.length, 6);
  assert.equal((bars[0] as HTMLElement).title, '10.0%');
  assert.equal((bars[1] as HTMLElement).title, '50.0%');
  assert.equal((bars[4] as HTMLElement).style.width, '100%', 'the reference 60% bin is the widest');
  assert.match(sections[1]!.textContent!, /basic/);
  // The statistic per window, drawn by uPlot on the next frame, with the threshold as its own series.
  await new Promise((r) => requestAnimationFrame(r));
  assert.ok(sections[0]!.querySelector('.uplot'), 'history chart drawn');
  assert.match(sections[0]!.querySelector('.u-legend')!.textContent!, /threshold/);
  // Alerts list, newest first, with what it holds.
  const alerts = view.querySelector('table.alerts')!;
  assert.match(alerts.textContent!, /5m ago/);
  assert.match(alerts.textContent!, /psi 0\.310 \(threshold 0\.2\)/);
  // The panel remembers which server it shows (for the serializer).
  assert.deepEqual(api.saved, { url: 'http://127.0.0.1:8080' });
  const [retrain, refresh] = Array.from(view.querySelectorAll('vscode-button')) as HTMLElement[];
  retrain!.click();
  refresh!.click();
  assert.deepEqual(api.posted.slice(1), [{ type: 'retrain' }, { type: 'refresh' }]);
});

test('held verdicts, no targets, notes and errors read plainly', () => {
  const { root, view } = mount({ url: 'http://127.0.0.1:1' });
  view.receive({ type: 'drift', detail: detail({ filled: 120, targets: [target({ drifted: null, history: [] })], alerts: [] }), now: Date.now() });
  assert.match(root.textContent!, /120 of 500 predictions, verdict held/);
  assert.match(root.textContent!, /verdicts held until the window is full/);
  assert.doesNotMatch(root.textContent!, /no target drifted/, 'a filling window claims nothing');
  view.receive({ type: 'drift', detail: detail({ filled: 500, targets: [target({ drifted: false, history: [] })], alerts: [] }), now: Date.now() });
  assert.match(root.textContent!, /✓ no target drifted/, 'a full window gives its verdict');
  assert.match(root.textContent!, /No full window yet/);
  assert.match(root.textContent!, /No alerts/);
  view.receive({ type: 'drift', detail: detail({ filled: 0, targets: [], alerts: [], note: 'no predictions logged for this model version yet' }), now: Date.now() });
  assert.match(root.textContent!, /Nothing measured yet/);
  assert.match(root.textContent!, /no predictions logged/);
  view.receive({ type: 'error', message: 'no model is served on http://127.0.0.1:1 by this window' });
  assert.equal(root.querySelector('.error')!.textContent, 'no model is served on http://127.0.0.1:1 by this window');
});

test('shows the window quality from feedback labels, or why there is none although labels came, and nothing without labels', () => {
  const { root, view } = mount({ url: 'http://127.0.0.1:1' });
  view.receive({ type: 'drift', detail: detail({ quality: { labels: 63, metrics: { auc: 0.8123456, accuracy: 0.77 } } }), now: Date.now() });
  assert.equal(root.querySelector('.quality')!.textContent, 'quality over 63 predictions with feedback labels: auc 0.8123  accuracy 0.7700');
  const note = "quality needs 50 predictions with feedback labels in one window, and the monitor's window is 20: set 'window' to 50 or more to measure it";
  view.receive({ type: 'drift', detail: detail({ qualityNote: note }), now: Date.now() });
  assert.equal(root.querySelector('.quality')!.textContent, `quality: ${note}`);
  view.receive({ type: 'drift', detail: detail(), now: Date.now() });
  assert.equal(root.querySelector('.quality'), null);
  assert.doesNotMatch(root.textContent!, /Quality/);
});

test('the targets table shows each target missing share beside training, as `mlpipe drift` says it', () => {
  const { root, view } = mount({ url: 'http://127.0.0.1:1' });
  const detailWithMissing = detail({ targets: [target({ missing: { window: 0.6, training: 0.05 } }), target({ target: 'plan', missing: { window: 0, training: 0 } })] });
  view.receive({ type: 'drift', detail: detailWithMissing, now: Date.now() });
  const table = root.querySelector('table.targets')!;
  assert.deepEqual(Array.from(table.querySelectorAll('th')).map((h) => h.textContent), ['target', 'statistic', 'value', 'threshold', 'verdict', 'missing']);
  const rows = Array.from(table.querySelectorAll('tr')).slice(1);
  assert.equal(rows[0]!.lastElementChild!.textContent, 'missing 60.0% (training 5.0%)');
  assert.equal(rows[1]!.lastElementChild!.textContent, '', 'nothing missing on either side: an empty cell');
});
