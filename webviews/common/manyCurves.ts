/**
 * Many overlaid curves drawn in one canvas pass of our own, inside a uPlot chart that keeps
 * the axes, grid, cursor and zoom. Given 50 series, uPlot builds 50 series objects, scans each
 * for its range and strokes 50 paths on its own; here it sees one stand-in series, the y scale
 * comes from the shown curves, and a draw hook strokes every shown curve through shared x
 * pixel positions.
 */
import type uPlot from 'uplot';
import { el } from './dom.js';

export class ManyCurves {
  /** Curve index → hidden by its legend entry. */
  readonly hidden = new Set<number>();
  /** A line under the chart naming the run nearest the cursor and its value there. */
  readonly readout = el('div', { className: 'curve-readout muted' });
  private x: readonly number[] = [];
  private ys: ReadonlyArray<ReadonlyArray<number | null>> = [];

  constructor(
    private readonly labels: readonly string[],
    private readonly colors: readonly string[],
    private readonly yLabel: string,
  ) {
    this.readout.setAttribute('role', 'status');
  }

  setData(x: readonly number[], ys: ReadonlyArray<ReadonlyArray<number | null>>): uPlot.AlignedData {
    this.x = x;
    this.ys = ys;
    // The stand-in series carries no line; uPlot needs one series to place its cursor on.
    return [x as number[], new Array<number | null>(x.length).fill(null)] as uPlot.AlignedData;
  }

  /** The parts of uPlot's options that make it draw through this layer. */
  options(): Pick<uPlot.Options, 'series' | 'scales' | 'hooks'> {
    return {
      series: [{ label: 'epoch' }, { label: this.yLabel, paths: () => null, points: { show: false } }],
      scales: { x: { time: false }, y: { range: () => this.yRange() } },
      hooks: { draw: [(u) => this.stroke(u)], setCursor: [(u) => this.hovered(u)] },
    };
  }

  /** Hides or shows curve `i`; the y range follows the curves shown. */
  toggle(plot: uPlot | undefined, i: number, shown: boolean): void {
    if (shown) this.hidden.delete(i);
    else this.hidden.add(i);
    // Setting the same data again re-ranges the scales and redraws.
    plot?.setData(plot.data);
  }

  private yRange(): uPlot.Range.MinMax {
    let lo = Infinity;
    let hi = -Infinity;
    this.ys.forEach((y, i) => {
      if (this.hidden.has(i)) return;
      for (const v of y) if (v !== null) (lo = v < lo ? v : lo), (hi = v > hi ? v : hi);
    });
    if (lo > hi) return [0, 1];
    const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
    return [lo - pad, hi + pad];
  }

  private stroke(u: uPlot): void {
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    const px = this.x.map((v) => u.valToPos(v, 'x', true));
    // One CSS pixel: a hairline is far cheaper to rasterise than a wider line.
    const ratio = (globalThis as { devicePixelRatio?: number }).devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = Math.max(1, Math.round(ratio));
    ctx.lineJoin = 'round';
    this.ys.forEach((y, i) => {
      if (this.hidden.has(i)) return;
      ctx.beginPath();
      let started = false;
      for (let j = 0; j < y.length; j++) {
        const v = y[j];
        // A missing point is spanned: the line goes on to the next one.
        if (v === null || v === undefined) continue;
        const py = u.valToPos(v, 'y', true);
        if (started) ctx.lineTo(px[j]!, py);
        else ctx.moveTo(px[j]!, py), (started = true);
      }
      ctx.strokeStyle = this.colors[i]!;
      ctx.stroke();
    });
    ctx.restore();
  }

  /** Names the shown curve nearest the cursor at its column. */
  private hovered(u: uPlot): void {
    const idx = u.cursor.idx;
    const top = u.cursor.top;
    if (idx === null || idx === undefined || top === undefined || top < 0) {
      this.readout.textContent = '';
      return;
    }
    let best = -1;
    let bestDistance = Infinity;
    this.ys.forEach((y, i) => {
      const v = y[idx];
      if (this.hidden.has(i) || v === null || v === undefined) return;
      const d = Math.abs(u.valToPos(v, 'y') - top);
      if (d < bestDistance) (best = i), (bestDistance = d);
    });
    const text = best < 0 ? '' : `${this.labels[best]}: ${this.yLabel} ${format(this.ys[best]![idx]!)} at epoch ${format(this.x[idx]!)}`;
    if (this.readout.textContent !== text) this.readout.textContent = text;
  }
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
