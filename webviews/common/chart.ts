import uPlot from 'uplot';
import type { Curve } from '../../server/protocol/backend.js';
import { alignCurves, seriesColors } from './curves.js';
import { el } from './dom.js';

/** Above this many curves, lines are drawn one pixel wide: a hairline is far cheaper to rasterise. */
const THIN_ABOVE = 8;
/**
 * Up to this many curves uPlot's own legend shows each one's value under the cursor. Above it
 * that legend (a table row per series, rewritten on every cursor move) costs more than the
 * chart, and 50 values cannot be read at once anyway: a plain list of names and colours
 * stands in for it, each entry still hiding and showing its curve.
 */
const LIVE_LEGEND_UP_TO = 8;
const HEIGHT = 260;

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
  private readonly observer: ResizeObserver | undefined;

  constructor(readonly container: HTMLElement) {
    // A panel resized (or the side bar toggled) gives the chart a new width; nothing else would
    // tell it, since its width is read only when it is built.
    const Observer = (globalThis as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    this.observer = Observer ? new Observer((entries) => this.resized(entries[entries.length - 1]!.contentRect.width)) : undefined;
    this.observer?.observe(container);
  }

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
    const live = curves.length <= LIVE_LEGEND_UP_TO;
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: 'epoch' },
          { ...axis, label: yLabel },
        ],
        series: [{ label: 'epoch' }, ...labels.map((label, i) => ({ label, stroke: colors[i], width: lineWidth, spanGaps: true, points: { show: x.length < 60 } }))],
        legend: { show: live },
        // A dot per curve under the cursor, moved on every mouse move: only with the live legend.
        cursor: { drag: { x: true, y: false }, points: { show: live } },
      },
      data,
      this.container,
    );
    if (!live) this.container.append(this.legend(labels, colors));
  }

  /** Stops following the container's size; the chart stays as it is. */
  dispose(): void {
    this.observer?.disconnect();
  }

  /**
   * Follows a new container width. The data keeps the resolution it was aligned at (the next
   * curves are aligned for the new width): aligning 50 curves again on every frame of a drag
   * would cost more than the redraw.
   */
  private resized(containerWidth: number): void {
    // Zero: hidden or taken out of the page (the compare section rebuilt); keep the size it had.
    if (!this.plot || containerWidth <= 0) return;
    const width = Math.max(320, Math.round(containerWidth));
    if (width === this.width) return;
    this.width = width;
    this.plot.setSize({ width, height: HEIGHT });
  }

  /** Names and colours of many curves; a click hides or shows one. */
  private legend(labels: readonly string[], colors: readonly string[]): HTMLElement {
    const list = el('div', { className: 'curve-legend', role: 'list' });
    labels.forEach((label, i) => {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = colors[i]!;
      const entry = el('button', { className: 'entry', type: 'button', title: `Hide or show ${label}` }, swatch, label);
      entry.setAttribute('role', 'listitem');
      entry.setAttribute('aria-pressed', 'true');
      entry.addEventListener('click', () => {
        const shown = entry.getAttribute('aria-pressed') !== 'true';
        entry.setAttribute('aria-pressed', String(shown));
        this.plot?.setSeries(i + 1, { show: shown });
      });
      list.append(entry);
    });
    return list;
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
