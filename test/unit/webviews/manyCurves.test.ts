import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Curve } from '../../../server/protocol/backend.js';
import type * as ChartModule from '../../../webviews/common/chart.js';
import { recordingCanvas, simulatedDom, type CanvasCall } from './simulatedDom.js';

let dom: ReturnType<typeof simulatedDom>;
let callsOf: (c: HTMLCanvasElement) => CanvasCall[];
let mod: typeof ChartModule;
before(async () => {
  dom = simulatedDom();
  callsOf = recordingCanvas(dom.window);
  mod = await import('../../../webviews/common/chart.js');
});
after(() => dom.close());

const curve = (runId: string, values: Array<number>): Curve => ({ runId, key: 'loss', total: values.length, points: values.map((value, step) => ({ step, value })) });
const frame = () => new Promise<void>((r) => setTimeout(r, 20));

function fifty() {
  const box = document.createElement('div');
  document.body.append(box);
  const chart = new mod.CurveChart(box);
  const curves = Array.from({ length: 50 }, (_, k) => curve(`r${k}`, Array.from({ length: 2000 }, (_, i) => 1 / (1 + i * (0.001 + k * 0.0001)) + (i === 1234 && k === 7 ? 5 : 0))));
  chart.draw(curves, curves.map((c) => c.runId), 'loss');
  const canvas = box.querySelector('canvas') as HTMLCanvasElement;
  /** Per stroke of the last draw: its colour and how many points it went through. */
  const strokes = () => {
    const calls = callsOf(canvas);
    const out: Array<{ color: unknown; points: number }> = [];
    let points = 0;
    for (const c of calls) {
      if (c.op === 'clip') out.length = 0;
      if (c.op === 'beginPath') points = 0;
      if (c.op === 'moveTo' || c.op === 'lineTo') points++;
      if (c.op === 'stroke') out.push({ color: c.strokeStyle, points });
    }
    return out;
  };
  return { chart, curves, canvas, strokes };
}

test('50 curves: each shown curve is stroked once, at most one point per pixel column, a spike kept', async () => {
  const { chart, strokes } = fifty();
  await frame();
  const drawn = strokes().filter((s) => s.points > 0);
  assert.equal(drawn.length, 50, 'one stroke per curve');
  assert.equal(new Set(drawn.map((s) => s.color)).size, 50, 'each in its own colour');
  const width = chart.plot!.width;
  assert.ok(drawn.every((s) => s.points <= width), `points per curve ${Math.max(...drawn.map((s) => s.points))}, chart ${width} px`);
  const ys = (chart.many as unknown as { ys: Array<Array<number | null>> }).ys;
  assert.ok(ys[7]!.some((v) => v !== null && v > 5), 'the spike of run r7 survives the decimation');
  const range = chart.plot!.scales.y;
  assert.ok(range.max! > 5, 'the y range covers it');
});

test('a hidden curve is not stroked and leaves the y range; the readout names the run under the cursor', async () => {
  const { chart, strokes } = fifty();
  await frame();
  const entries = Array.from(chart.container.querySelectorAll('.curve-legend .entry')) as HTMLElement[];
  entries[7]!.click();
  await frame();
  assert.equal(strokes().filter((s) => s.points > 0).length, 49);
  assert.ok(chart.plot!.scales.y.max! < 2, 'without the spike the range shrinks');
  const plot = chart.plot!;
  // The cursor over the curves' start, at r0's height (the top curve there: 1 at step 0).
  const left = plot.valToPos(0, 'x');
  const top = plot.valToPos(1, 'y');
  plot.setCursor({ left, top });
  const readout = chart.container.querySelector('.curve-readout')!;
  assert.match(readout.textContent!, /^r\d+: loss 1 at epoch 0$/);
  plot.setCursor({ left: -10, top: -10 });
  assert.equal(readout.textContent, '');
});
