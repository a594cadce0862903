import uPlot from 'uplot';
import type { DriftHistoryPoint } from '../../server/protocol/backend.js';
import { seriesColors } from '../common/curves.js';

/** A target's statistic per full window against its threshold (a flat line); replaces what `container` held. */
export function drawHistory(container: HTMLElement, points: readonly DriftHistoryPoint[], threshold: number, statistic: string): uPlot | undefined {
  while (container.firstChild) container.firstChild.remove();
  if (!points.length) return undefined;
  const style = getComputedStyle(document.body);
  const css = (name: string) => style.getPropertyValue(name);
  const fg = css('--vscode-foreground').trim() || '#ccc';
  const grid = css('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.25)';
  const [line] = seriesColors(1, css);
  const limit = css('--vscode-charts-red').trim() || '#f14c4c';
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return new uPlot(
    {
      width: Math.max(280, container.clientWidth || 420),
      height: 180,
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: 'predictions' },
        { ...axis, label: statistic },
      ],
      series: [{ label: 'predictions' }, { label: statistic, stroke: line, width: 1.5, spanGaps: true, points: { show: true } }, { label: 'threshold', stroke: limit, width: 1, dash: [6, 4], points: { show: false } }],
      legend: { show: true },
    },
    [points.map((p) => p.end), points.map((p) => p.value), points.map(() => threshold)] as uPlot.AlignedData,
    container,
  );
}
