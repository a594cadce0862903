import { joinKey, keyColumnProblem } from '../data/keys.js';
import { strayCells, straysText } from '../data/strays.js';
import { getColumn, type Column, type Table } from '../data/table.js';
import { WINDOW_OF_TEXT_ADVICE } from '../transforms/window.js';
import { FeatureDataError, PlanError } from './errors.js';
import type { FeaturePlan, WindowAgg } from './plan.js';
import { defaultParseTime, type TimeParser } from './time.js';
import { windowJoinColumn } from './windowJoin.js';

/** The tables the engine reads, by `data` block name, and how it reads times. */
export interface EngineData {
  tables: ReadonlyMap<string, Table>;
  /** Defaults to `defaultParseTime`; pass the data layer's `parseTime`. */
  parseTime?: TimeParser;
}

/**
 * History rows grouped by key and sorted by time (stable; rows with a missing time last), with
 * per-group prefix counts and sums and min/max segment trees over each aggregated column. A
 * window is then two binary searches and O(1) (count, sum, mean) or O(log m) (min, max) work:
 * O((n + m) log m) for n examples over m history rows.
 */
export interface HistoryIndex {
  tables: ReadonlyMap<string, TableIndex>;
  parseTime: TimeParser;
}

export interface TableIndex {
  name: string;
  groups: ReadonlyMap<string, number>;
  /**
   * The same groups by number, for keys whose text is a number's canonical text: a numeric key
   * v finds group `groups.get(String(v))` without building the string.
   */
  numericGroups: ReadonlyMap<number, number>;
  /** Sorted positions [start, end) of each group. */
  start: Int32Array;
  end: Int32Array;
  /** Time of each sorted position; NaN when missing (sorted last in its group). */
  times: Float64Array;
  columns: ReadonlyMap<string, ColumnIndex>;
}

export interface ColumnIndex {
  /** Non-missing values up to and including each position, counted from its group's start. */
  count: Int32Array;
  /** Sums likewise (numeric columns aggregated by sum or mean). */
  sum?: Float64Array;
  /**
   * With `sum`: sums of absolute values likewise, and the values in sorted order (NaN missing).
   * A window's sum is a difference of two prefix sums, which loses the window's own values when
   * the rows before it are far larger (one cell of 1e30 made every later window of its key sum
   * to 0: a mean of 0, a division by zero, features missing on 1,725 rows). Such a window is
   * summed directly from `sorted` instead (`CANCELLATION_RATIO`).
   */
  abs?: Float64Array;
  sorted?: Float64Array;
  /** Segment trees (size 2m; leaves at m + i); missing values are +Infinity / -Infinity. */
  min?: Float64Array;
  max?: Float64Array;
}

/** A join key whose integers are one double for two IDs would join two entities' rows as one. */
function refuseCollidingKey(column: Column | undefined): void {
  const problem = keyColumnProblem(column);
  if (problem) throw new PlanError(problem, 'invalid-value');
}

/** Indexes the history tables the plan's windows read; build once and reuse for every request. */
export function buildHistoryIndex(plan: FeaturePlan, data: EngineData): HistoryIndex {
  const parseTime = data.parseTime ?? defaultParseTime;
  const needs = new Map<string, Map<string, Set<WindowAgg>>>();
  for (const node of plan.nodes) {
    if (node.kind !== 'window') continue;
    let cols = needs.get(node.table);
    if (!cols) needs.set(node.table, (cols = new Map()));
    let aggs = cols.get(node.column);
    if (!aggs) cols.set(node.column, (aggs = new Set()));
    aggs.add(node.agg);
  }
  const tables = new Map<string, TableIndex>();
  const primary = data.tables.get(plan.primary.name);
  for (const [name, cols] of needs) {
    const table = data.tables.get(name);
    if (!table) throw new PlanError(`a window reads data ${name}, which was not loaded`, 'unknown-reference');
    // The primary side of the join (absent when serving: requests carry its key).
    const join = windowJoinColumn(plan.primary.key, plan.histories.get(name)!.key);
    refuseCollidingKey(primary && getColumn(primary, join));
    tables.set(name, indexTable(plan, table, cols, parseTime));
  }
  return { tables, parseTime };
}

function indexTable(plan: FeaturePlan, table: Table, needs: Map<string, Set<WindowAgg>>, parseTime: TimeParser): TableIndex {
  const hist = plan.histories.get(table.name)!;
  const label = table.source || table.name;
  const keyCol = getColumn(table, hist.key);
  if (!keyCol) throw new PlanError(`key column ${hist.key} is not in ${label}`, 'unknown-reference');
  refuseCollidingKey(keyCol);
  const n = table.rowCount;

  // Group ids in first-seen order, by 'joinKey' (the cell's own canonical key, whatever the
  // column's type); rows with a missing key join no group.
  const groups = new Map<string, number>();
  const gid = new Int32Array(n);
  const sizes: number[] = [];
  for (let r = 0; r < n; r++) {
    const text = joinKey(keyCol.values[r]);
    if (text === null) {
      gid[r] = -1;
      continue;
    }
    let g = groups.get(text);
    if (g === undefined) {
      g = sizes.length;
      groups.set(text, g);
      sizes.push(0);
    }
    sizes[g]++;
    gid[r] = g;
  }
  const G = sizes.length;
  const start = new Int32Array(G);
  const end = new Int32Array(G);
  let m = 0;
  for (let g = 0; g < G; g++) {
    start[g] = m;
    m += sizes[g];
    end[g] = start[g];
  }
  const order = new Int32Array(m);
  for (let r = 0; r < n; r++) if (gid[r] >= 0) order[end[gid[r]]++] = r;

  const rowTimes = new Float64Array(n);
  if (hist.time !== undefined) {
    const timeCol = getColumn(table, hist.time);
    if (!timeCol) throw new PlanError(`time column ${hist.time} is not in ${label}`, 'unknown-reference');
    let lastText: string | null = null;
    let lastTime = NaN;
    for (let r = 0; r < n; r++) {
      const v = timeCol.values[r];
      if (v === null || (typeof v === 'number' && v !== v)) {
        rowTimes[r] = NaN;
        continue;
      }
      if (typeof v === 'string' && v === lastText) {
        rowTimes[r] = lastTime;
        continue;
      }
      try {
        rowTimes[r] = parseTime(v);
      } catch (e) {
        throw new FeatureDataError((e as Error).message, label, r + 1, hist.time);
      }
      if (typeof v === 'string') {
        lastText = v;
        lastTime = rowTimes[r];
      }
    }
    for (let g = 0; g < G; g++) {
      // Stable by time; a missing time sorts last (only windows without as_of reach it).
      order.subarray(start[g], end[g]).sort((x, y) => {
        const tx = rowTimes[x];
        const ty = rowTimes[y];
        if (tx < ty) return -1;
        if (tx > ty) return 1;
        const nx = tx !== tx;
        const ny = ty !== ty;
        if (nx !== ny) return nx ? 1 : -1;
        return x - y;
      });
    }
  }
  const times = new Float64Array(m);
  for (let i = 0; i < m; i++) times[i] = rowTimes[order[i]];

  const columns = new Map<string, ColumnIndex>();
  for (const [name, aggs] of needs) {
    const col = getColumn(table, name);
    if (!col) throw new PlanError(`column ${name} is not in ${label}`, 'unknown-reference');
    const numericAggs = [...aggs].filter((a) => a !== 'count');
    if (col.type === 'string' && numericAggs.length > 0) {
      // Named by file and cell: at serving and scoring the history file is read as it is now,
      // after the check that would have named them.
      const strays = strayCells(col.values as ReadonlyArray<string | null>);
      throw new PlanError(
        `window_${numericAggs[0]} needs numbers, and ${table.name}.${name} of ${label} is text${strays ? straysText(strays) : WINDOW_OF_TEXT_ADVICE}`,
        'type-mismatch',
      );
    }
    columns.set(name, indexColumn(col.values, order, start, end, aggs));
  }
  const numericGroups = new Map<number, number>();
  for (const [text, g] of groups) {
    const v = Number(text);
    if (text !== '' && String(v) === text) numericGroups.set(v, g);
  }
  return { name: table.name, groups, numericGroups, start, end, times, columns };
}

function indexColumn(
  values: Float64Array | ReadonlyArray<string | null>,
  order: Int32Array,
  start: Int32Array,
  end: Int32Array,
  aggs: Set<WindowAgg>,
): ColumnIndex {
  const m = order.length;
  const count = new Int32Array(m);
  const numeric = values instanceof Float64Array;
  const wantSum = numeric && (aggs.has('sum') || aggs.has('mean'));
  const sum = wantSum ? new Float64Array(m) : undefined;
  const abs = wantSum ? new Float64Array(m) : undefined;
  const sorted = wantSum ? new Float64Array(m) : undefined;
  for (let g = 0; g < start.length; g++) {
    let c = 0;
    let s = 0;
    let a = 0;
    for (let i = start[g]; i < end[g]; i++) {
      const v = values[order[i]];
      const present = numeric ? (v as number) === (v as number) : v !== null;
      if (present) {
        c++;
        if (sum) {
          s += v as number;
          a += Math.abs(v as number);
        }
      }
      count[i] = c;
      if (sum) {
        sum[i] = s;
        abs![i] = a;
        sorted![i] = v as number;
      }
    }
  }
  const out: ColumnIndex = wantSum ? { count, sum, abs, sorted } : { count };
  if (numeric && aggs.has('min')) out.min = tree(values, order, Infinity, Math.min);
  if (numeric && aggs.has('max')) out.max = tree(values, order, -Infinity, Math.max);
  return out;
}

function tree(values: Float64Array, order: Int32Array, empty: number, pick: (a: number, b: number) => number): Float64Array {
  const m = order.length;
  const t = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    const v = values[order[i]];
    t[m + i] = v === v ? v : empty;
  }
  for (let i = m - 1; i >= 1; i--) t[i] = pick(t[2 * i], t[2 * i + 1]);
  return t;
}

/** First position in [lo, hi) whose time is >= x (NaN times count as after every x). */
export function lowerBound(times: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A window's prefix-sum difference keeps about 52 - log2(ratio) bits of its own sum when the
 * group's rows before it sum, in absolute value, to `ratio` times the window's; beyond this ratio
 * (2^20: over 30 bits kept) the window is summed directly. Below it the difference is kept: it is
 * O(1), and every ordinary history (a year of daily rows, a one-week window) stays below it.
 */
const CANCELLATION_RATIO = 2 ** 20;

/**
 * Writes the aggregate of positions [lo, hi) of a group starting at `gs` into `out[at]`. Written,
 * not returned: a fraction returned from a call the optimizer did not inline (too large to, or
 * its budget spent) is a 16-byte heap number per row.
 */
export function aggregateInto(out: Float64Array, at: number, col: ColumnIndex, agg: WindowAgg, gs: number, lo: number, hi: number): void {
  if (hi <= lo) {
    out[at] = agg === 'sum' || agg === 'count' ? 0 : NaN;
    return;
  }
  const c = col.count[hi - 1] - (lo > gs ? col.count[lo - 1] : 0);
  switch (agg) {
    case 'count':
      out[at] = c;
      return;
    case 'sum':
    case 'mean': {
      if (c === 0) {
        out[at] = agg === 'sum' ? 0 : NaN;
        return;
      }
      const before = lo > gs ? col.abs![lo - 1] : 0;
      let s: number;
      if (before > CANCELLATION_RATIO * (col.abs![hi - 1] - before)) {
        s = 0;
        for (let i = lo; i < hi; i++) {
          const v = col.sorted![i];
          if (v === v) s += v;
        }
      } else s = col.sum![hi - 1] - (lo > gs ? col.sum![lo - 1] : 0);
      out[at] = agg === 'sum' ? s : s / c;
      return;
    }
    case 'min':
      out[at] = c === 0 ? NaN : query(col.min!, lo, hi, Infinity, true);
      return;
    case 'max':
      out[at] = c === 0 ? NaN : query(col.max!, lo, hi, -Infinity, false);
      return;
  }
  throw new Error(`internal: unknown window aggregate ${agg as string}`);
}

function query(t: Float64Array, lo: number, hi: number, init: number, isMin: boolean): number {
  const m = t.length >> 1;
  let res = init;
  let l = lo + m;
  let r = hi + m;
  while (l < r) {
    if (l & 1) {
      const v = t[l++];
      if (isMin ? v < res : v > res) res = v;
    }
    if (r & 1) {
      const v = t[--r];
      if (isMin ? v < res : v > res) res = v;
    }
    l >>= 1;
    r >>= 1;
  }
  return res;
}
