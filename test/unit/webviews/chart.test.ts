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
