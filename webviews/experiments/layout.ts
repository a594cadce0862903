/**
 * Where the Experiments table's columns sit, in CSS pixels, and how a cell's text is cut to
 * fit. Pure: the header, the DOM layer's rows and the canvas that paints the cells all place
 * columns from the same numbers, so they line up.
 */

/** The selection checkbox's column and the run id's (a link), then every other column. */
export const TICK_WIDTH = 28;
export const ID_WIDTH = 190;
export const MIN_WIDTH = 80;
/** Horizontal padding inside a cell, each side. */
export const CELL_PADDING = 6;

/**
 * Widths of the tick column and of `columns` columns (the id first): the others share what is
 * left of `width` equally, none narrower than MIN_WIDTH (the table then scrolls sideways).
 */
export function columnWidths(width: number, columns: number): number[] {
  if (columns <= 0) return [TICK_WIDTH];
  const rest = columns - 1;
  const each = rest ? Math.max(MIN_WIDTH, Math.floor((width - TICK_WIDTH - ID_WIDTH) / rest)) : 0;
  return [TICK_WIDTH, ID_WIDTH, ...Array.from({ length: rest }, () => each)];
}

/** Left edge of each column, and the total width after the last one. */
export function columnEdges(widths: readonly number[]): number[] {
  const edges = [0];
  for (const w of widths) edges.push(edges[edges.length - 1]! + w);
  return edges;
}

/** The CSS grid template for `widths`, so the DOM layer's cells sit over the painted ones. */
export function gridTemplate(widths: readonly number[]): string {
  return widths.map((w) => `${w}px`).join(' ');
}

/**
 * `text` cut to at most `max` pixels wide, with an ellipsis when cut. `measure` is asked about
 * O(log n) prefixes of a text that does not fit, and once about one that does.
 */
export function fitText(text: string, max: number, measure: (s: string) => number, ellipsis = '…'): string {
  if (!text || measure(text) <= max) return text;
  const room = max - measure(ellipsis);
  if (room <= 0) return '';
  let lo = 0;
  let hi = text.length - 1;
  // The longest prefix that fits beside the ellipsis.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo ? text.slice(0, lo) + ellipsis : '';
}

/** The rows (indexes) any part of which is inside a viewport of `height` scrolled to `offset`. */
export function rowsInView(offset: number, height: number, rowHeight: number, count: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(offset / rowHeight));
  const last = Math.min(count - 1, Math.ceil((offset + height) / rowHeight) - 1);
  return { first, last };
}
