import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunDetail } from '../../../server/protocol/backend.js';
import type { RunToHost, RunToView, RunViewState } from '../../../server/protocol/webview.js';
import { Channel } from '../../../webviews/common/channel.js';
import type * as RunViewModule from '../../../webviews/run/view.js';
import { makeRuns } from './runs.js';
import { FakeApi, simulatedDom } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let mod: typeof RunViewModule;
before(async () => {
  dom = simulatedDom();
  mod = await import('../../../webviews/run/view.js');
});
after(() => dom.close());

function detail(over: Partial<RunDetail> = {}): RunDetail {
  const [summary] = makeRuns(1);
  return {
    run: {
      ...summary,
      pipelineText: 'pipeline churn\n',
      weightsHash: 'sha256:abc',
      gates: [
        { metric: 'auc', op: '>=', threshold: 0.8, actual: 0.87, passed: true },
        { metric: 'accuracy', op: '>=', threshold: 0.9, actual: 0.84, passed: false },
      ],
      environment: { capturedAt: summary.startedAt, node: 'v20.20.2', platform: 'linux', arch: 'x64', osRelease: '6', cpuModel: 'cpu', cpuCount: 2, totalMemoryBytes: 1, hostname: 'h', backend: { name: 'wasm' } },
    },
    curves: [],
    artifacts: [{ name: 'meta.json', path: '/x/meta.json', bytes: 2048 }],
    reproductions: [],
    ...over,
  };
}

test('the verdict says what reproducing gave', () => {
  assert.equal(mod.verdict(detail()), 'not reproduced yet');
  assert.match(mod.verdict(detail({ reproductions: [{ runId: 'r-2', status: 'completed', identical: true }] })), /bitwise identical/);
  assert.match(mod.verdict(detail({ reproductions: [{ runId: 'r-2', status: 'completed', identical: false }] })), /1 of 1 reproductions gave DIFFERENT/);
  // After an upgrade of mlpipe: what the reproduction's environment records differently.
  const changed = ['engine: mlpipe-dense-wasm/1 (WebAssembly SIMD) then, mlpipe-dense-wasm/2 (relaxed SIMD) now'];
  assert.equal(
    mod.verdict(detail({ reproductions: [{ runId: 'r-2', status: 'completed', identical: false, changed }] })),
    '1 of 1 reproductions gave DIFFERENT weights (engine: mlpipe-dense-wasm/1 (WebAssembly SIMD) then, mlpipe-dense-wasm/2 (relaxed SIMD) now)',
  );
});

test('shows gates, seeds, data versions and environment; remembers the run; buttons post typed messages', () => {
  const api = new FakeApi<RunViewState>('mlpipe.run');
  const channel = new Channel<RunToView, RunToHost, RunViewState>(api, dom.window as never);
  const root = document.createElement('div');
  const view = new mod.RunView(root, channel);
  channel.start(
    (m) => view.receive(m),
    (state) => ({ type: 'ready', ...(state ? { state } : {}) }),
  );
  assert.deepEqual(api.posted, [{ type: 'ready' }]);
  const d = detail();
  view.receive({ type: 'run', folder: '/ws', detail: d, now: Date.now() });
  const text = root.textContent!;
  assert.match(text, /✓ pass/);
  assert.match(text, /✗ FAIL/);
  assert.match(text, /sha256:aa/);
  assert.match(text, /v20\.20\.2/);
  assert.match(text, /No curves logged/);
  assert.deepEqual(api.saved, { folder: '/ws', runId: d.run.id });
  (root.querySelector('vscode-button') as HTMLElement).click();
  assert.deepEqual(api.posted.at(-1), { type: 'reproduce', runId: d.run.id });
  view.receive({ type: 'error', message: "no run 'r-x' in this project" });
  assert.match(root.textContent!, /no run 'r-x'/);
});
