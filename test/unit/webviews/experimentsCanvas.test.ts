import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExperimentsToHost } from '../../../server/protocol/webview.js';
import type { ExperimentsView as View } from '../../../webviews/experiments/view.js';
import { cellText } from '../../../webviews/experiments/table.js';
import { makeRuns } from './runs.js';
import { mountExperiments } from './mountExperiments.js';
import { recordingCanvas, simulatedDom, type CanvasCall } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let callsOf: (c: HTMLCanvasElement) => CanvasCall[];
let ExperimentsView: typeof View;
before(async () => {
  dom = simulatedDom();
  callsOf = recordingCanvas(dom.window);
  ({ ExperimentsView } = await import('../../../webviews/experiments/view.js'));
});
after(() => dom.close());

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function mount() {
  const { api, view, root, post } = mountExperiments(dom, ExperimentsView);
  const canvas = root.querySelector('.scroller canvas.cells') as HTMLCanvasElement;
  /** The texts of the last paint (the calls since its clearRect), by row band. */
  const lastPaint = () => {
    const calls = callsOf(canvas);
    const from = calls.map((c) => c.op).lastIndexOf('clearRect');
    return calls.slice(from);
  };
  return { api, view, root, post, canvas, lastPaint };
}

test('the visible rows are painted on the canvas: every painted column of each row in view, the id and checkbox left to the DOM layer', async () => {
  const { view, post, canvas, lastPaint } = mount();
  const runs = makeRuns(10_000);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now() });
  await frame();
  assert.deepEqual(view.paintedRows, { first: 0, last: 24 }, '600 px of 24 px rows');
  const texts = lastPaint().filter((c) => c.op === 'fillText');
  const shown = view.visible;
  // The status column: the third (after the checkbox and the id), its text cut to 80 px.
  const status = texts.filter((c) => c.args[1] === 28 + 190 + 6);
  assert.equal(status.length, 25, 'each row in view');
  status.forEach((c, i) => assert.ok(shown[i]!.status.startsWith(String(c.args[0]).replace('…', '')), `${c.args[0]} is row ${i}'s ${shown[i]!.status}`));
  // Each row's texts sit in its own band.
  status.forEach((c, i) => assert.ok((c.args[2] as number) > i * 24 && (c.args[2] as number) < (i + 1) * 24));
  assert.ok(!texts.some((c) => shown.slice(0, 25).some((r) => r.id === c.args[0])), 'the id is the DOM link, not painted under it');
  const auc = cellText(shown[0]!, { group: 'metric', key: 'auc' }, Date.now());
  const aucCall = texts.find((c) => c.args[0] === auc)!;
  assert.equal(aucCall.textAlign, 'right', 'numbers right-aligned');
  assert.equal(canvas.getAttribute('aria-hidden'), 'true');
});

test('scrolling paints the rows scrolled to, once per frame', async () => {
  const { view, root, post, lastPaint, canvas } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(10_000), now: Date.now() });
  await frame();
  const scroller = root.querySelector('.scroller') as HTMLElement;
  const before = callsOf(canvas).filter((c) => c.op === 'clearRect').length;
  for (const top of [2400, 2412, 4812]) {
    scroller.scrollTop = top;
    scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  }
  await frame();
  assert.equal(callsOf(canvas).filter((c) => c.op === 'clearRect').length, before + 1, 'three scrolls in a frame, one paint');
  assert.deepEqual(view.paintedRows, { first: 200, last: 225 });
  const statuses = lastPaint()
    .filter((c) => c.op === 'fillText' && c.args[1] === 28 + 190 + 6)
    .map((c) => [String(c.args[0]).replace('…', ''), c.args[2]]);
  assert.ok(view.visible[200]!.status.startsWith(statuses[0]![0] as string));
  // Row 200 starts 12 px above the viewport's top.
  assert.equal(statuses[0]![1], 200 * 24 - 4812 + 13);
  const indexes = Array.from(root.querySelectorAll('.row')).map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
  for (let i = 200; i <= 225; i++) assert.ok(indexes.includes(i), `row ${i} in the DOM layer`);
});

test('selected rows are painted with the selection colour; long texts are cut with an ellipsis', async () => {
  const { post, lastPaint } = mount();
  const runs = makeRuns(30).map((r, i) => (i === 0 ? { ...r, pipelineName: 'a-pipeline-name-far-too-long-for-its-column-of-the-table' } : r));
  post({ type: 'runs', folder: '/ws', runs, now: Date.now(), select: [runs[1]!.id] });
  await frame();
  const paint = lastPaint();
  const fills = paint.filter((c) => c.op === 'fillRect' && (c.args[3] as number) === 24);
  assert.equal(fills.length, 1, 'one selected row band');
  const cut = paint.find((c) => c.op === 'fillText' && String(c.args[0]).startsWith('a-pip'))!;
  assert.ok(String(cut.args[0]).endsWith('…'));
});

test('the canvas backing store follows devicePixelRatio', async () => {
  const g = globalThis as { devicePixelRatio?: number };
  const saved = g.devicePixelRatio;
  g.devicePixelRatio = 2;
  try {
    const { post, canvas, lastPaint } = mount();
    post({ type: 'runs', folder: '/ws', runs: makeRuns(10), now: Date.now() });
    await frame();
    assert.equal(canvas.width, 2 * parseInt(canvas.style.width));
    assert.equal(canvas.height, 2 * parseInt(canvas.style.height));
    const transform = callsOf(canvas).filter((c) => c.op === 'setTransform').pop()!;
    assert.deepEqual(transform.args, [2, 0, 0, 2, 0, 0]);
    assert.ok(lastPaint().some((c) => c.op === 'fillText'));
  } finally {
    g.devicePixelRatio = saved;
  }
});

test('a theme change is read again: the next paint takes the new colours', async () => {
  const style = document.createElement('style');
  style.textContent = '.grid-selected { background-color: rgb(1, 2, 3); }';
  document.head.append(style);
  const { post, lastPaint } = mount();
  const runs = makeRuns(5);
  post({ type: 'runs', folder: '/ws', runs, now: Date.now(), select: [runs[0]!.id] });
  await frame();
  const band = () => lastPaint().find((c) => c.op === 'fillRect' && (c.args[3] as number) === 24)!.fillStyle;
  assert.equal(band(), 'rgb(1, 2, 3)');
  style.textContent = '.grid-selected { background-color: rgb(9, 8, 7); }';
  // What VS Code does on a theme switch: new variables on <html>, a new kind on <body>.
  document.body.className = 'vscode-light';
  await frame();
  await frame();
  assert.equal(band(), 'rgb(9, 8, 7)');
  style.remove();
});

test('the DOM layer is an accessible grid: row count and indexes, gridcells naming their values', () => {
  const { root, post, view } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(10_000), now: Date.now() });
  const grid = root.querySelector('[role=grid]')!;
  assert.equal(grid.getAttribute('aria-rowcount'), '10001', 'the header and every run, though few are in the DOM');
  assert.equal(grid.getAttribute('aria-multiselectable'), 'true');
  const row = root.querySelector('.row[aria-rowindex="2"]') as HTMLElement;
  assert.equal(row.dataset.runId, view.visible[0]!.id);
  assert.equal(row.querySelectorAll('[role=gridcell]').length, grid.querySelectorAll('.thead [role=columnheader]').length);
  assert.equal(row.querySelector('.link')!.textContent, view.visible[0]!.id);
});

test('the keyboard moves through the rows, ticks one with Space and opens one with Enter', async () => {
  const { api, root, post, view, lastPaint } = mount();
  post({ type: 'runs', folder: '/ws', runs: makeRuns(10_000), now: Date.now() });
  const scroller = root.querySelector('.scroller') as HTMLElement;
  const key = (k: string) => scroller.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: k, bubbles: true }) as never);
  key('ArrowDown');
  key('ArrowDown');
  const active = () => root.querySelector(`#${scroller.getAttribute('aria-activedescendant')}`) as HTMLElement;
  assert.equal(active().dataset.runId, view.visible[1]!.id);
  key(' ');
  assert.equal(root.querySelector('.row.selected')?.getAttribute('data-run-id'), view.visible[1]!.id);
  const ask = await api.next<{ runIds: string[] }>((m) => (m as ExperimentsToHost).type === 'compare');
  assert.deepEqual(ask.runIds, [view.visible[1]!.id]);
  key('End');
  // The virtualiser scrolled the table; the browser would say so with a scroll event.
  scroller.dispatchEvent(new dom.window.Event('scroll') as never);
  await frame();
  assert.equal(active().dataset.runId, view.visible[9_999]!.id, 'End: the last run, scrolled into view');
  assert.ok(lastPaint().some((c) => c.op === 'strokeRect'), 'the keyboard row is marked');
  key('Enter');
  const open = await api.next<{ runId: string }>((m) => (m as ExperimentsToHost).type === 'openRun');
  assert.equal(open.runId, view.visible[9_999]!.id);
});
