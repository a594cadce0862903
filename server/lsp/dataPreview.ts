import type { TableSymbol } from '../mlpipe/binder.js';
import type { ColumnInfo, DataInfo } from '../mlpipe/data/info.js';
import { parseNumber, tryParseTime } from '../mlpipe/data/values.js';

/**
 * What a hover shows of a table's data: per-column statistics and a few sample rows, with time
 * columns shown as times. Computed from the cells the inspector read, once per inspection.
 */
export interface ColumnSummary {
  /** `time` when the column is the table's `time` or every value is an ISO date or date-time. */
  kind: 'time' | 'number' | 'text' | 'empty';
  /** One line: `min 1, mean 200.5, max 700`, `2024-01-01 … 2024-06-30`, `3 distinct: a, b, c`. */
  summary: string;
}

const SAMPLE_ROWS = 5;
const CELL_WIDTH = 24;
const cache = new WeakMap<DataInfo, Map<string, ColumnSummary>>();

const ISO = /^\d{4}-\d{2}-\d{2}/;

/** Epoch seconds as ISO 8601: a date alone at midnight UTC, else to the second. */
export function formatTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return String(seconds);
  const iso = d.toISOString().replace('.000Z', 'Z');
  return iso.endsWith('T00:00:00Z') ? iso.slice(0, 10) : iso;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function isTimeColumn(table: TableSymbol | undefined, column: ColumnInfo, cells: ReadonlyArray<string | null>): boolean {
  if (table?.time === column.name) return true;
  if (column.type !== 'string') return false;
  let seen = false;
  for (const v of cells) {
    if (v === null) continue;
    if (!ISO.test(v) || tryParseTime(v) === undefined) return false;
    seen = true;
  }
  return seen;
}

export function columnSummary(info: DataInfo, table: TableSymbol | undefined, column: ColumnInfo): ColumnSummary {
  let byColumn = cache.get(info);
  if (!byColumn) cache.set(info, (byColumn = new Map()));
  const key = `${table?.time ?? ''}\u0000${column.name}`;
  let s = byColumn.get(key);
  if (!s) byColumn.set(key, (s = summarize(info, table, column)));
  return s;
}

function summarize(info: DataInfo, table: TableSymbol | undefined, column: ColumnInfo): ColumnSummary {
  const cells = info.values?.(column.name) ?? [];
  if (column.type === undefined) return { kind: 'empty', summary: 'no values' };
  if (isTimeColumn(table, column, cells)) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of cells) {
      const t = v === null ? undefined : tryParseTime(v);
      if (t === undefined) continue;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return { kind: 'time', summary: lo <= hi ? `${formatTime(lo)} … ${formatTime(hi)}` : 'no values' };
  }
  if (column.type === 'integer' || column.type === 'number') {
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let n = 0;
    for (const v of cells) {
      const x = v === null ? undefined : parseNumber(v);
      if (x === undefined) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      sum += x;
      n++;
    }
    return { kind: 'number', summary: n ? `min ${formatNumber(lo)}, mean ${formatNumber(sum / n)}, max ${formatNumber(hi)}` : 'no values' };
  }
  const counts = new Map<string, number>();
  for (const v of cells) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Values seen once are not "common": a key column lists none.
  const top = [...counts]
    .filter(([, n]) => n > 1)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, 3)
    .map(([v]) => cell(v));
  const distinct = column.distinct > 1000 ? 'over 1000' : String(column.distinct);
  return { kind: 'text', summary: `${distinct} distinct${top.length ? `, most common: ${top.join(', ')}` : ''}` };
}

/**
 * A data value as a hover's markdown shows it: short, on one line (a line break, which would end
 * the table row, as '↵'), and literal: every character markdown or its HTML would read (`|` that
 * ends a cell, `*`, `_`, backticks, `<`, …) backslash-escaped. The one place cells are written.
 */
export function cell(v: string): string {
  const short = v.length > CELL_WIDTH ? v.slice(0, CELL_WIDTH - 1) + '…' : v;
  return short.replace(/\r\n|\r|\n/g, '↵').replace(/[\\`*_|<>[\]~&#!]/g, '\\$&');
}

/** The first rows read, as markdown table rows under the column names. */
export function sampleRows(info: DataInfo, table: TableSymbol | undefined): string[] {
  const columns = info.columns ?? [];
  const n = Math.min(SAMPLE_ROWS, info.rowsRead ?? 0);
  if (!columns.length || n === 0) return [];
  const times = columns.map((c) => columnSummary(info, table, c).kind === 'time' && c.type !== 'string');
  const cellsOf = columns.map((c) => info.values?.(c.name) ?? []);
  const out = [`| ${columns.map((c) => cell(c.name)).join(' | ')} |`, `|${columns.map(() => ' --- |').join('')}`];
  for (let r = 0; r < n; r++) {
    const row = columns.map((_, c) => {
      const v = cellsOf[c][r] ?? null;
      if (v === null) return '∅';
      // Epoch seconds in a time column read better as the time they are.
      const t = times[c] ? tryParseTime(v) : undefined;
      return t === undefined ? cell(v) : formatTime(t);
    });
    out.push(`| ${row.join(' | ')} |`);
  }
  return out;
}
