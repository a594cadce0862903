import uPlot from 'uplot';
import type { Curve } from '../../server/protocol/backend.js';
import { alignCurves, seriesColors } from './curves.js';

/** Above this many curves, lines are drawn one pixel wide: a hairline is far cheaper to rasterise. */
const THIN_ABOVE = 8;

/** Overlaid learning curves, coloured from the theme; replaces whatever `container` held. */
export function drawCurves(container: HTMLElement, curves: readonly Curve[], labels: readonly string[], yLabel: string): uPlot | undefined {
  const chart = new CurveChart(container);
  chart.draw(curves, labels, yLabel);
  return chart.plot;
}

/**
 * One chart of overlaid curves that lives as long as its container: new curves for the same
 * runs and key replace its data in place (uPlot's setData), so a refresh costs one redraw, not
 * a new chart with its axes, legend and 50 series set up again.
 */
export class CurveChart {
  plot: uPlot | undefined;
  /** What the current chart was built for: its labels, y label and width. */
  private shape = '';
  private width = 0;

  constructor(readonly container: HTMLElement) {}

  draw(curves: readonly Curve[], labels: readonly string[], yLabel: string): void {
    if (!curves.length) return this.show();
    // Measured once per chart, when it is built: reading it on every update would force a layout.
    const width = this.plot ? this.width : Math.max(320, this.container.clientWidth || 640);
    // At most two points (a bucket's low and high) per pixel column: more cannot be seen.
    const { x, ys } = alignCurves(curves, 2 * width);
    const data = [x, ...ys] as uPlot.AlignedData;
    const shape = JSON.stringify([labels, yLabel, x.length < 60]);
    if (this.plot && shape === this.shape) {
      this.plot.setData(data);
      return;
    }
    this.show();
    this.width = width;
    this.shape = shape;
    const style = getComputedStyle(document.body);
    const css = (name: string) => style.getPropertyValue(name);
    const fg = css('--vscode-foreground').trim() || '#ccc';
    const grid = css('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.25)';
    const colors = seriesColors(curves.length, css);
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const lineWidth = curves.length > THIN_ABOVE ? 1 : 1.5;
    this.plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: 'epoch' },
          { ...axis, label: yLabel },
        ],
        series: [{ label: 'epoch' }, ...labels.map((label, i) => ({ label, stroke: colors[i], width: lineWidth, spanGaps: true, points: { show: x.length < 60 } }))],
        legend: { show: true },
        cursor: { drag: { x: true, y: false } },
      },
      data,
      this.container,
    );
  }

  /** Drops the chart and shows `node` (a message) in its place, or nothing. */
  show(node?: Node): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.shape = '';
    while (this.container.firstChild) this.container.firstChild.remove();
    if (node) this.container.append(node);
  }
}
