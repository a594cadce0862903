import uPlot from 'uplot';
import type { Curve } from '../../server/protocol/backend.js';
import { alignCurves, seriesColors } from './curves.js';

/** Overlaid learning curves, coloured from the theme; replaces whatever `container` held. */
export function drawCurves(container: HTMLElement, curves: readonly Curve[], labels: readonly string[], yLabel: string): uPlot | undefined {
  while (container.firstChild) container.firstChild.remove();
  if (!curves.length) return undefined;
  const width = Math.max(320, container.clientWidth || 640);
  // At most two points (a bucket's low and high) per pixel column: more cannot be seen.
  const { x, ys } = alignCurves(curves, 2 * width);
  const style = getComputedStyle(document.body);
  const css = (name: string) => style.getPropertyValue(name);
  const fg = css('--vscode-foreground').trim() || '#ccc';
  const grid = css('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.25)';
  const colors = seriesColors(curves.length, css);
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return new uPlot(
    {
      width,
      height: 260,
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: 'epoch' },
        { ...axis, label: yLabel },
      ],
      series: [{ label: 'epoch' }, ...labels.map((label, i) => ({ label, stroke: colors[i], width: 1.5, spanGaps: true, points: { show: x.length < 60 } }))],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
    },
    [x, ...ys] as uPlot.AlignedData,
    container,
  );
}
