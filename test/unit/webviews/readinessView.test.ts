import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { scoreReadiness } from '../../../server/mlpipe/readiness/index.js';
import type { ReadinessToHost, ReadinessToView, ReadinessViewState } from '../../../server/protocol/webview.js';
import { Channel } from '../../../webviews/common/channel.js';
import type * as ReadinessViewModule from '../../../webviews/readiness/view.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from '../checker/fixture.js';
import { FakeApi, simulatedDom } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let mod: typeof ReadinessViewModule;
before(async () => {
  dom = simulatedDom();
  mod = await import('../../../webviews/readiness/view.js');
});
after(() => dom.close());

// A real score: the clean fixture with its split seed removed.
const text = edit(basePipeline(), '  seed = 42\n', '');
const report = scoreReadiness(analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json'])));

test('lists every item by section with its status; the fix and Show post typed messages; the file is kept for reload', () => {
  const api = new FakeApi<ReadinessViewState>('mlpipe.readiness');
  const channel = new Channel<ReadinessToView, ReadinessToHost, ReadinessViewState>(api, dom.window as never);
  const root = document.createElement('div');
  const view = new mod.ReadinessView(root, channel);
  channel.start(
    (m) => view.receive(m),
    (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
  );
  assert.deepEqual(api.posted, [{ type: 'ready' }]);
  view.receive({ type: 'readiness', file: '/ws/churn.mlpipe', report });
  assert.deepEqual(api.saved, { file: '/ws/churn.mlpipe' });
  const text = root.textContent!;
  assert.match(text, new RegExp(mod.scoreText(report).replace(/[()]/g, '\\$&')));
  assert.match(mod.scoreText(report), /1 missing/);
  for (const h of ['Data tests', 'Model tests', 'ML infrastructure tests', 'Monitoring tests']) assert.match(text, new RegExp(h));
  assert.equal(root.querySelectorAll('tr[data-item]').length, report.items.length);
  const split = root.querySelector('tr[data-item="model.split"]')!;
  assert.match(split.textContent!, /✗ missing/);
  assert.match(split.textContent!, /repro\/unseeded-split/);
  (split.querySelector('vscode-button') as HTMLElement).click();
  (split.querySelector('.link') as HTMLElement).click();
  assert.deepEqual(api.posted.slice(1), [
    { type: 'fix', item: 'model.split' },
    { type: 'reveal', item: 'model.split' },
  ]);
  const gates = root.querySelector('tr[data-item="model.gates"]')!;
  assert.match(gates.textContent!, /✓ automated/);
  assert.equal(gates.querySelector('vscode-button'), null, 'a met item offers no fix');
  assert.match(root.querySelector('tr[data-item="data.privacy"]')!.textContent!, /◌ manual/);
  view.receive({ type: 'error', message: "cannot read '/ws/x.mlpipe': ENOENT" });
  assert.equal(root.querySelector('.error')!.textContent, "cannot read '/ws/x.mlpipe': ENOENT");
});
