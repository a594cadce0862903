import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Curve } from '../../../server/protocol/backend.js';
import type * as ChartModule from '../../../webviews/common/chart.js';
import { simulatedDom, stubCanvas } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let mod: typeof ChartModule;
before(async () => {
  dom = simulatedDom();
  stubCanvas(dom.window);
  mod = await import('../../../webviews/common/chart.js');
});
after(() => dom.close());

const curve = (runId: string, values: number[]): Curve => ({ runId, key: 'loss', total: values.length, points: values.map((value, step) => ({ step, value })) });
const mount = () => {
  const box = document.createElement('div');
  document.body.append(box);
  return new mod.CurveChart(box);
};

test('new curves for the same runs update the chart in place; other runs get a new chart', () => {
  const chart = mount();
  chart.draw([curve('a', [3, 2, 1]), curve('b', [4, 3, 2])], ['a', 'b'], 'loss');
  const first = chart.plot!;
  assert.ok(first, 'a chart is drawn');
  assert.equal(chart.container.querySelectorAll('.uplot').length, 1);
  chart.draw([curve('a', [3, 2, 1, 0.5]), curve('b', [4, 3, 2, 1])], ['a', 'b'], 'loss');
  assert.equal(chart.plot, first, 'the same uPlot instance');
  assert.deepEqual(Array.from(chart.plot!.data[1]), [3, 2, 1, 0.5], 'with the new data');
  chart.draw([curve('c', [1, 2])], ['c'], 'loss');
  assert.notEqual(chart.plot, first, 'another run set: another chart');
  assert.equal(chart.container.querySelectorAll('.uplot').length, 1, 'the old one is gone');
  assert.deepEqual(
    chart.plot!.series.slice(1).map((s) => s.label),
    ['c'],
  );
});

test('many curves are drawn as hairlines, a few as 1.5 px lines', () => {
  const chart = mount();
  chart.draw([curve('a', [1, 2])], ['a'], 'loss');
  assert.equal(chart.plot!.series[1]!.width, 1.5);
  const many = Array.from({ length: 50 }, (_, k) => curve(`r${k}`, [k, k + 1]));
  chart.draw(many, many.map((c) => c.runId), 'loss');
  assert.equal(chart.plot!.series.length, 51);
  assert.ok(chart.plot!.series.slice(1).every((s) => s.width === 1));
});

test('a message replaces the chart, and no curves leave it empty', () => {
  const chart = mount();
  chart.draw([curve('a', [1, 2])], ['a'], 'loss');
  const p = document.createElement('p');
  p.textContent = 'Loading curves…';
  chart.show(p);
  assert.equal(chart.plot, undefined);
  assert.equal(chart.container.textContent, 'Loading curves…');
  chart.draw([], [], 'loss');
  assert.equal(chart.container.childNodes.length, 0);
});

/** Stands in for the browser's ResizeObserver (happy-dom's never reports): the test says when a box resized. */
class FakeResizeObserver {
  static last: FakeResizeObserver | undefined;
  observed: Element[] = [];
  constructor(private readonly callback: (entries: Array<{ contentRect: { width: number } }>) => void) {
    FakeResizeObserver.last = this;
  }
  observe(e: Element): void {
    this.observed.push(e);
  }
  unobserve(): void {}
  disconnect(): void {
    this.observed = [];
  }
  resize(width: number): void {
    this.callback([{ contentRect: { width } }]);
  }
}

test('a resized panel resizes the chart, and the next curves are aligned for the new width', () => {
  const g = globalThis as { ResizeObserver?: unknown };
  const real = g.ResizeObserver;
  g.ResizeObserver = FakeResizeObserver;
  try {
    const chart = mount();
    const observer = FakeResizeObserver.last!;
    assert.deepEqual(observer.observed, [chart.container], 'the chart follows its own container');
    const long = (runId: string) => curve(runId, Array.from({ length: 5000 }, (_, i) => 1 / (1 + i)));
    chart.draw([long('a'), long('b')], ['a', 'b'], 'loss');
    const plot = chart.plot!;
    const built = plot.width;
    observer.resize(900);
    assert.equal(chart.plot, plot, 'the same chart, resized, not rebuilt');
    assert.equal(plot.width, 900);
    assert.equal(plot.height, 260, 'its height stays');
    observer.resize(0);
    assert.equal(plot.width, 900, 'hidden or taken out of the page: it keeps its size');
    observer.resize(100);
    assert.equal(plot.width, 320, 'never narrower than its minimum');
    chart.draw([long('a'), long('b')], ['a', 'b'], 'loss');
    assert.equal(chart.plot, plot);
    assert.equal(plot.data[0].length, 2 * 320, 'two points per pixel column of the new width');
    assert.notEqual(built, 320);
    chart.dispose();
    assert.deepEqual(observer.observed, [], 'disposed, it stops following');
  } finally {
    g.ResizeObserver = real;
  }
});

test("many curves get a plain legend instead of uPlot's live one; an entry hides and shows its curve", () => {
  const chart = mount();
  const many = Array.from({ length: 50 }, (_, k) => curve(`r${k}`, [k, k + 1]));
  chart.draw(many, many.map((c) => c.runId), 'loss');
  assert.equal(chart.container.querySelector('.u-legend'), null, "no uPlot legend");
  const entries = Array.from(chart.container.querySelectorAll('.curve-legend .entry')) as HTMLElement[];
  assert.deepEqual(
    entries.map((e) => e.textContent),
    many.map((c) => c.runId),
  );
  entries[3]!.click();
  assert.equal(chart.plot!.series[4]!.show, false, 'r3 hidden');
  assert.equal(entries[3]!.getAttribute('aria-pressed'), 'false');
  entries[3]!.click();
  assert.equal(chart.plot!.series[4]!.show, true, 'and shown again');

  chart.draw([curve('a', [1, 2]), curve('b', [2, 1])], ['a', 'b'], 'loss');
  assert.ok(chart.container.querySelector('.u-legend'), 'a few curves keep the live legend');
  assert.equal(chart.container.querySelector('.curve-legend'), null);
});
