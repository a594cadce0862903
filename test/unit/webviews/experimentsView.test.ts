import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExperimentsState, ExperimentsToHost } from '../../../server/protocol/webview.js';
import type { ExperimentsView as View } from '../../../webviews/experiments/view.js';
import { cellText } from '../../../webviews/experiments/table.js';
import { makeRuns } from './runs.js';
import { mountExperiments } from './mountExperiments.js';
import { simulatedDom, stubCanvas } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let ExperimentsView: typeof View;
before(async () => {
  dom = simulatedDom();
  stubCanvas(dom.window);
  ({ ExperimentsView } = await import('../../../webviews/experiments/view.js'));
});
after(() => dom.close());

const mount = (saved?: ExperimentsState) => mountExperiments(dom, ExperimentsView, saved);

test('says ready (with its saved state) before anything else, then shows the snapshot it gets', () => {
  const saved = { folder: '/ws', sort: { column: { group: 'metric' as const, key: 'auc' }, direction: 'desc' as const }, filter: 'churn', selected: [], hidden: [], curveKey: 'loss' };
  const { api, view, post } = mount(saved);
  assert.deepEqual(api.posted[0], { type: 'ready', state: saved });
  assert.equal(view.visible.length, 0, 'no data before the host sends it');
  post({ type: 'runs', folder: '/ws', runs: makeRuns(50), now: Date.now() });
  assert.equal(view.visible.length, 25, 'the saved filter applies');
  assert.ok(view.visible.every((r) => r.pipelineName === 'churn'));
});

test('10,000 runs: only the visible rows are in the DOM', () => {
  const { view, root, post } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(10_000), now: Date.now() });
  assert.equal(view.visible.length, 10_000);
  assert.match(root.querySelector('h1')!.textContent!, /10000 runs/);
  assert.ok(view.renderedRows > 0 && view.renderedRows <= Math.ceil(600 / 24) + 2 * 3 + 1, `${view.renderedRows} rows rendered`);
  console.log(`first paint of 10,000 runs under happy-dom: ${view.firstPaintMs?.toFixed(1)} ms`);
});

test('clicking a header sorts; again reverses', () => {
  const { view, root, post } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(30), now: Date.now() });
  const header = Array.from(root.querySelectorAll('.thead .cell')).find((c) => c.textContent?.startsWith('auc')) as HTMLElement;
  header.click();
  const desc = view.visible.map((r) => r.metrics.auc).filter((v) => v !== undefined);
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  (root.querySelectorAll('.thead .cell')[Array.from(root.querySelectorAll('.thead .cell')).findIndex((c) => c.textContent?.startsWith('auc'))] as HTMLElement).click();
  const asc = view.visible.map((r) => r.metrics.auc).filter((v) => v !== undefined);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
});

test('ticking runs asks the host for their curves, keeps the selection in state, and compares params', async () => {
  const { api, root, post } = mount();
  const runs = makeRuns(12);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now() });
  const ticks = () => Array.from(root.querySelectorAll('.row input[type=checkbox]')) as HTMLInputElement[];
  ticks()[0].checked = true;
  ticks()[0].dispatchEvent(new dom.window.Event('change') as never);
  ticks()[1].checked = true;
  ticks()[1].dispatchEvent(new dom.window.Event('change') as never);
  const ask = await api.next<{ type: 'compare'; runIds: string[] }>((m) => (m as ExperimentsToHost).type === 'compare' && (m as { runIds: string[] }).runIds.length === 2);
  assert.deepEqual(ask.runIds, [runs[0].id, runs[1].id]);
  assert.deepEqual(api.saved?.selected, [runs[0].id, runs[1].id]);
  const differs = Array.from(root.querySelectorAll('tr.differs th')).map((th) => th.textContent);
  assert.ok(differs.includes('learning_rate'), `marked: ${differs.join(', ')}`);
  assert.equal(root.querySelectorAll('.row.selected').length, 2);
});

test('the host can preselect any number of runs (no cap)', async () => {
  const { api, view, post } = mount();
  const runs = makeRuns(100);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now(), select: runs.slice(0, 60).map((r) => r.id) });
  const ask = await api.next<{ runIds: string[] }>((m) => (m as ExperimentsToHost).type === 'compare');
  assert.equal(ask.runIds.length, 60);
  assert.equal(view.visible.length, 100);
});

test('an error from the host is shown, and the next snapshot clears it', () => {
  const { root, post } = mount();
  post({ type: 'error', message: 'the backend is not running' });
  assert.equal(root.querySelector('.error')!.textContent, 'the backend is not running');
  post({ type: 'runs', folder: '/ws', runs: [], now: Date.now() });
  assert.equal(root.querySelector('.error')!.textContent, '');
});

test('a compared run listed while running shows its metrics once a later snapshot has them', async () => {
  const { api, root, post } = mount();
  const done = makeRuns(3);
  const running = { ...done[0], status: 'running' as const, metrics: {}, gates: [] };
  post({ type: 'runs', folder: '/ws', runs: [running, ...done.slice(1)], now: Date.now(), select: [running.id, done[1].id] });
  await api.next((m) => (m as ExperimentsToHost).type === 'compare');
  const cell = () => {
    const row = Array.from(root.querySelectorAll('.compare table tr')).find((tr) => tr.querySelector('th')?.textContent === 'auc');
    return row ? Array.from(row.querySelectorAll('td')).map((td) => td.textContent) : [];
  };
  assert.equal(cell()[0], '—', 'no auc while running');
  api.posted.length = 0;
  // What the host posts after 'runFinished' or 'storeChanged': a fresh snapshot.
  post({ type: 'runs', folder: '/ws', runs: done, now: Date.now() });
  assert.equal(cell()[0], cellText(done[0], { group: 'metric', key: 'auc' }, Date.now()), 'the finished run shows its auc');
  const status = Array.from(root.querySelector(`.row[data-run-id="${done[0].id}"]`)!.querySelectorAll('[role=gridcell]')).map((c) => c.getAttribute('aria-label'));
  assert.ok(status.includes('completed'), `cells: ${status.join(', ')}`);
  const ask = await api.next<{ type: 'compare'; runIds: string[] }>((m) => (m as ExperimentsToHost).type === 'compare');
  assert.deepEqual(ask.runIds, [done[0].id, done[1].id], 'its curves are asked for again');
});

test('scrolling refills the rows that left the view instead of creating new ones, and a refilled row answers for its new run', async () => {
  const { api, view, root, post } = mount();
  const runs = makeRuns(10_000);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now() });
  const scroller = root.querySelector('.scroller') as HTMLElement;
  // Away from the top the overscan is above and below: the row count grows once, then holds.
  scroller.scrollTop = 2400;
  scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  const before = new Set(Array.from(root.querySelectorAll('.row')));
  const firstBefore = (root.querySelector('.row') as HTMLElement).dataset.runId;
  for (let i = 11; i <= 30; i++) {
    scroller.scrollTop = i * 240;
    scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  }
  await new Promise<void>((r) => requestAnimationFrame(() => r())); // the view paints on the next frame
  const after = Array.from(root.querySelectorAll('.row')) as HTMLElement[];
  assert.ok(after.every((r) => before.has(r)), 'no row element was created while scrolling');
  assert.equal(after.length, view.renderedRows);
  const ids = after.map((r) => r.dataset.runId);
  assert.ok(!ids.includes(firstBefore), `scrolled past ${firstBefore}`);
  const row = after.find((r) => r.dataset.runId === view.visible[200]!.id) ?? after[0]!;
  assert.match(row.textContent!, new RegExp(row.dataset.runId!));
  (row.querySelector('.link') as HTMLElement).click();
  const open = await api.next<{ type: 'openRun'; runId: string }>((m) => (m as ExperimentsToHost).type === 'openRun');
  assert.equal(open.runId, row.dataset.runId);
});

test('a one-row scroll restyles only the row that moved to the other end; rows that stay are not touched', async () => {
  const { root, post } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(10_000), now: Date.now() });
  const scroller = root.querySelector('.scroller') as HTMLElement;
  const scrollTo = (top: number) => {
    scroller.scrollTop = top;
    scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  };
  scrollTo(2400);
  const styled = new Set<Node>();
  const observer = new dom.window.MutationObserver((records) => records.forEach((r) => styled.add(r.target as never)));
  observer.observe(root.querySelector('.spacer') as never, { attributes: true, attributeFilter: ['style'], subtree: true });
  scrollTo(2400 + 24);
  await new Promise<void>((r) => requestAnimationFrame(() => r())); // the view paints on the next frame
  observer.disconnect();
  const rows = Array.from(root.querySelectorAll('.row')) as HTMLElement[];
  assert.ok(rows.length > 20);
  assert.equal([...styled].filter((n) => (n as HTMLElement).classList?.contains('row')).length, 1, 'one row moved; the others kept their place and style');
  assert.ok(![...styled].some((n) => (n as HTMLElement).classList?.contains('spacer')), 'the scrolled height did not change, so it was not written');
});

test('curves redraw only the chart: the params table stays, the same runs keep their chart, sorting touches neither', async () => {
  const { api, root, post } = mount();
  const runs = makeRuns(15);
  const ids = runs.slice(0, 12).map((r) => r.id);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now(), select: ids });
  await api.next((m) => (m as ExperimentsToHost).type === 'compare');
  assert.match(root.querySelector('.compare .chart')!.textContent!, /Loading curves/);
  const table = root.querySelector('.compare table.kv');
  const curves = (shift: number) => ids.map((runId, k) => ({ runId, key: 'loss', total: 3, points: [0, 1, 2].map((step) => ({ step, value: k + step + shift })) }));
  post({ type: 'curves', key: 'loss', curves: curves(0) });
  const plot = root.querySelector('.compare .uplot');
  assert.ok(plot, 'the chart is drawn');
  assert.equal(root.querySelectorAll('.compare .curve-legend .entry').length, 12, 'a legend entry per run');
  assert.ok(root.querySelector('.compare table.kv') === table, 'the params table was not rebuilt for the curves');
  post({ type: 'curves', key: 'loss', curves: curves(1) });
  assert.ok(root.querySelector('.compare .uplot') === plot, 'new curves of the same runs: the same chart');
  (Array.from(root.querySelectorAll('.thead .cell')).find((c) => c.textContent?.startsWith('auc')) as HTMLElement).click();
  assert.ok(root.querySelector('.compare table.kv') === table, 'sorting leaves the compare section alone');
  assert.ok(root.querySelector('.compare .uplot') === plot, 'and the chart');
  // A snapshot where one compared run is gone: its column and its curve go.
  post({ type: 'runs', folder: '/ws', runs: runs.slice(1), now: Date.now() });
  assert.ok(root.querySelector('.compare table.kv') !== table, 'a new snapshot rebuilds the table');
  assert.equal(root.querySelectorAll('.compare .curve-legend .entry').length, 11, 'and the chart lost its curve');
  assert.ok(!root.querySelector('.compare table.kv')!.textContent!.includes(ids[0]!));
});

test('a recycled row keeps its cells, which name their new values; a hovered cell gets its full text as a tooltip', () => {
  const { root, post } = mount();
  const runs = makeRuns(2_000);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now() });
  const scroller = root.querySelector('.scroller') as HTMLElement;
  const row = root.querySelector('.row') as HTMLElement;
  const cell = row.children[2] as HTMLElement;
  const link = row.querySelector('.link') as HTMLElement;
  const text = link.firstChild;
  scroller.scrollTop = 24_000;
  scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  assert.ok(row.isConnected, 'the row was recycled, not dropped');
  assert.notEqual(row.dataset.runId, runs[0]!.id);
  assert.ok(row.children[2] === cell && link.firstChild === text, 'the same cells and the same id text node, changed in place');
  const run = runs.find((r) => r.id === row.dataset.runId)!;
  assert.equal(link.textContent, run.id);
  assert.equal(cell.getAttribute('role'), 'gridcell');
  assert.equal(cell.getAttribute('aria-label'), run.status);
  assert.equal(cell.childNodes.length, 0, 'no text to lay out: the canvas paints it');
  cell.dispatchEvent(new dom.window.MouseEvent('mouseover', { bubbles: true }) as never);
  assert.equal(cell.title, run.status);
  link.dispatchEvent(new dom.window.MouseEvent('mouseover', { bubbles: true }) as never);
  assert.equal(link.title, `Open run ${run.id}`);
});

test('compare: a run without a metric shows a dash, a non-finite metric says so, never a blank; differing metrics are marked; runs with no metrics say so', async () => {
  const { api, root, post } = mount();
  const [a, b, c, d] = makeRuns(4);
  // What the store hands back for a diverged run: NaN went through JSON as null.
  const nan = { ...b!, status: 'completed' as const, metrics: { auc: null as unknown as number, accuracy: 0.8 } };
  const failed = { ...c!, status: 'failed' as const, metrics: {} };
  const other = { ...d!, status: 'completed' as const, pipelineName: 'prices', metrics: { rmse: 1.25 } };
  const runs = [{ ...a!, status: 'completed' as const, metrics: { auc: 0.9, accuracy: 0.8 } }, nan, failed, other];
  post({ type: 'runs', folder: '/ws', runs, now: Date.now(), select: runs.map((r) => r.id) });
  await api.next((m) => (m as ExperimentsToHost).type === 'compare');
  const rows = new Map(
    Array.from(root.querySelectorAll('.compare table.kv tr')).map((tr) => [tr.querySelector('th')!.textContent!, { differs: tr.classList.contains('differs'), cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent) }]),
  );
  assert.deepEqual(rows.get('auc'), { differs: true, cells: ['0.900', 'not finite', '—', '—'] });
  assert.deepEqual(rows.get('accuracy'), { differs: true, cells: ['0.800', '0.800', '—', '—'] }, 'marked: two runs lack it');
  assert.deepEqual(rows.get('rmse')?.cells, ['—', '—', '—', '1.250']);
  assert.deepEqual(rows.get('status')?.cells, ['completed', 'completed', 'failed', 'completed'], 'the status says why a run has none');
  for (const key of ['auc', 'accuracy', 'rmse']) assert.ok(rows.get(key)!.cells.every((t) => t !== ''), `no blank cell in ${key}`);
  // The table's own cell for the diverged run's auc names it too.
  const cell = Array.from(root.querySelector(`.row[data-run-id="${nan.id}"]`)!.querySelectorAll('[role=gridcell]')).map((x) => x.getAttribute('aria-label'));
  assert.ok(cell.includes('not finite'), `cells: ${cell.join(', ')}`);

  const running = { ...a!, id: 'r-run', status: 'running' as const, metrics: {} };
  post({ type: 'runs', folder: '/ws', runs: [running, failed], now: Date.now(), select: [running.id, failed.id] });
  const none = Array.from(root.querySelectorAll('.compare table.kv tr.no-metrics td')).map((td) => td.textContent);
  assert.deepEqual(none, ['none yet', 'none'], 'no metric in any compared run: one row says so');
});

test('a filter typed before the first runs keeps the folder the host keys the panel by, for a reload to restore it', () => {
  const { api, root, post } = mount();
  post({ type: 'keep', state: { folder: '/store' } } as never); // the host's answer to ready
  assert.equal(api.saved?.folder, '/store');
  const filter = root.querySelector('vscode-textfield') as HTMLElement & { value: string };
  filter.value = 'auc>0.8';
  filter.dispatchEvent(new dom.window.Event('input') as never);
  assert.equal(api.saved?.filter, 'auc>0.8', 'the filter is saved');
  assert.equal(api.saved?.folder, '/store', 'and the key with it: an empty folder made a reload dispose the panel');
});
