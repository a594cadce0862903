import { RowEvaluator } from './evaluate.js';
import { fitPlan } from './fit.js';
import { buildHistoryIndex, type EngineData, type HistoryIndex } from './history.js';
import { evaluationOrder, primaryTable, rowLoader, withRowErrors } from './load.js';
import type { FeaturePlan } from './plan.js';
import { runtimeFor } from './runtime.js';
import { minMax } from './statistics.js';

/** What the windows of one range node (same table, duration, key and `as_of`) hold over some rows. */
export interface RangeReach {
  /** The range node. */
  range: number;
  table: string;
  /** Rows whose window holds at least one history row. */
  reached: number;
  /** Earliest and latest `as_of` of the rows as the engine reads it (epoch seconds); undefined without one. */
  asOf?: { min: number; max: number };
  /** Earliest and latest time of the history table's keyed rows; undefined without one. */
  history?: { min: number; max: number };
}

/**
 * How every window of `plan` meets the history over the primary table's `rows` (all when null):
 * the engine's own join (`RowEvaluator`: the same key matching and time reading as training,
 * scoring and serving), evaluated only up to the windows' ranges. Stops at the first row where
 * every range holds a history row (the `as_of` span is then partial). Throws what the engine
 * throws for data it refuses.
 */
export function windowReach(plan: FeaturePlan, data: EngineData, rows: ArrayLike<number> | null, history?: HistoryIndex): RangeReach[] {
  const index = history ?? buildHistoryIndex(plan, data);
  // A plan of windows fits nothing: its state only types the columns.
  const { rt } = runtimeFor(plan, fitPlan(plan, data, null, { history: index }));
  const table = primaryTable(plan, data.tables);
  const load = rowLoader(rt, table);
  const ev = new RowEvaluator(rt, index);
  const ranges = plan.nodes.flatMap((n) => (n.kind === 'range' ? [n] : []));
  const order = evaluationOrder(plan, ranges.map((n) => n.id));
  const out: RangeReach[] = ranges.map((n) => ({ range: n.id, table: n.table, reached: 0, history: timeSpan(index.tables.get(n.table)!.times) }));
  const min = new Float64Array(ranges.length).fill(Infinity);
  const max = new Float64Array(ranges.length).fill(-Infinity);
  const n = rows ? rows.length : table.rowCount;
  let unreached = ranges.length;
  let r = 0;
  withRowErrors(table, () => r, () => {
    for (let i = 0; i < n && unreached > 0; i++) {
      r = rows ? rows[i] : i;
      load(ev, r);
      ev.run(order);
      for (let k = 0; k < ranges.length; k++) {
        if (ev.rangeRows(ranges[k].id) > 0 && out[k].reached++ === 0) unreached--;
        const t = ranges[k].timeInput === undefined ? NaN : ev.num[ranges[k].timeInput!];
        if (t < min[k]) min[k] = t;
        if (t > max[k]) max[k] = t;
      }
    }
  });
  out.forEach((o, k) => {
    if (min[k] <= max[k]) o.asOf = { min: min[k], max: max[k] };
  });
  return out;
}

/** The earliest and latest time; undefined when no time is present (missing times are NaN, which `minMax` passes over). */
function timeSpan(times: Float64Array): { min: number; max: number } | undefined {
  if (times.length === 0) return undefined;
  const span = minMax(times);
  return span.min <= span.max ? span : undefined;
}
