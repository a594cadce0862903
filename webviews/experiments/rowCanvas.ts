/**
 * Paints the visible rows' cells of the Experiments table on one canvas. Laying out and
 * painting hundreds of text cells was most of every scroll frame; a canvas the size of the
 * viewport, redrawn once per frame, costs a fraction of that. The DOM layer above it keeps the
 * table's semantics and controls (see view.ts); this draws what it does not: texts, row rules,
 * the selection, hover and keyboard-focus marks.
 */
import { fontOf, probeStyle } from '../common/theme.js';
import { CELL_PADDING, columnEdges, fitText } from './layout.js';

/** Colours and font, read from the stylesheet's probe classes (media/webview.css). */
interface Theme {
  font: string;
  fg: string;
  rule: string;
  selectedBg: string;
  selectedFg: string;
  hoverBg: string;
  focus: string;
  tone: Map<string, string>;
}

export interface PaintColumn {
  /** Right-aligned (metrics, params). */
  numeric: boolean;
  /** False for a column the DOM layer draws itself (the checkbox, the id link). */
  painted: boolean;
}

export interface Paint {
  /** Scroll offset of the viewport's top, CSS px. */
  offset: number;
  rowHeight: number;
  first: number;
  last: number;
  /** One per column, the tick column first, matching `widths`. */
  columns: readonly PaintColumn[];
  text(row: number, column: number): string;
  /** A class whose colour a cell's text takes (a run's status), if any. */
  tone(row: number, column: number): string | undefined;
  selected(row: number): boolean;
  hover: number;
  active: number;
}

export class RowCanvas {
  readonly canvas = document.createElement('canvas');
  private ctx: CanvasRenderingContext2D | null = null;
  private theme: Theme | undefined;
  private widths: number[] = [];
  private edges: number[] = [0];
  private width = 0;
  private height = 0;
  /** Per column: a text as it fits that column (cut, with an ellipsis); measured once each. */
  private fitted: Array<Map<string, string>> = [];
  /** The rows the last paint drew, for the benchmark and tests. */
  painted = { first: -1, last: -1 };

  constructor() {
    this.canvas.className = 'cells';
    // The DOM layer carries every cell's text for assistive technology.
    this.canvas.setAttribute('aria-hidden', 'true');
  }

  /** New viewport size or column widths: the backing store follows devicePixelRatio. */
  resize(width: number, height: number, widths: readonly number[]): void {
    const sameWidths = widths.length === this.widths.length && widths.every((w, i) => w === this.widths[i]);
    const dpr = (globalThis as { devicePixelRatio?: number }).devicePixelRatio || 1;
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    if (w !== this.width || h !== this.height || Math.round(w * dpr) !== this.canvas.width) {
      this.width = w;
      this.height = h;
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
      this.ctx = null;
    }
    if (!sameWidths) {
      this.widths = [...widths];
      this.edges = columnEdges(widths);
      this.fitted = [];
    }
  }

  /** The theme changed: colours and font are read again, texts measured again. */
  themeChanged(): void {
    this.theme = undefined;
    this.fitted = [];
  }

  paint(p: Paint): void {
    const ctx = this.context();
    if (!ctx) return;
    const t = (this.theme ??= readTheme(ctx));
    const dpr = this.canvas.width / this.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.font = t.font;
    ctx.textBaseline = 'middle';
    const right = this.edges[this.edges.length - 1]!;
    for (let row = p.first; row <= p.last; row++) {
      const y = row * p.rowHeight - p.offset;
      const selected = p.selected(row);
      if (selected || row === p.hover) {
        ctx.fillStyle = selected ? t.selectedBg : t.hoverBg;
        ctx.fillRect(0, y, right, p.rowHeight);
      }
      ctx.fillStyle = t.rule;
      ctx.fillRect(0, y, right, 1);
      for (let c = 0; c < p.columns.length; c++) {
        const col = p.columns[c]!;
        if (!col.painted) continue;
        const text = this.fit(ctx, c, p.text(row, c));
        if (!text) continue;
        const tone = p.tone(row, c);
        ctx.fillStyle = (tone && t.tone.get(tone)) || (selected ? t.selectedFg : t.fg);
        ctx.textAlign = col.numeric ? 'right' : 'left';
        ctx.fillText(text, col.numeric ? this.edges[c + 1]! - CELL_PADDING : this.edges[c]! + CELL_PADDING, y + p.rowHeight / 2 + 1);
      }
      if (row === p.active) {
        ctx.strokeStyle = t.focus;
        ctx.lineWidth = 1;
        ctx.strokeRect(0.5, y + 0.5, right - 1, p.rowHeight - 1);
      }
    }
    this.painted = { first: p.first, last: p.last };
  }

  private context(): CanvasRenderingContext2D | null {
    // A canvas whose size changed loses its state: take the context (and its settings) again.
    this.ctx ??= this.canvas.getContext('2d');
    return this.ctx;
  }

  private fit(ctx: CanvasRenderingContext2D, column: number, text: string): string {
    const cache = (this.fitted[column] ??= new Map());
    let fitted = cache.get(text);
    if (fitted === undefined) {
      fitted = fitText(text, this.widths[column]! - 2 * CELL_PADDING, (s) => ctx.measureText(s).width);
      // Bounded: a long scroll through 10,000 runs meets at most one entry per run per column.
      if (cache.size > 20_000) cache.clear();
      cache.set(text, fitted);
    }
    return fitted;
  }
}

const TONES = ['status-completed', 'status-failed', 'status-interrupted', 'status-running'];

function readTheme(ctx: CanvasRenderingContext2D): Theme {
  const cell = probeStyle('cell');
  const selected = probeStyle('grid-selected');
  const fg = cell.color || '#ccc';
  ctx.font = fontOf(cell);
  return {
    font: ctx.font,
    fg,
    rule: probeStyle('grid-rule').borderTopColor || 'transparent',
    selectedBg: selected.backgroundColor || 'rgba(128,128,128,0.3)',
    selectedFg: selected.color || fg,
    hoverBg: probeStyle('grid-hover').backgroundColor || 'rgba(128,128,128,0.15)',
    focus: probeStyle('grid-focus').outlineColor || fg,
    tone: new Map(TONES.map((name) => [name, probeStyle(name).color || fg])),
  };
}
