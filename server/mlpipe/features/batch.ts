import { RowEvaluator } from './evaluate.js';
import { buildHistoryIndex, type EngineData, type HistoryIndex } from './history.js';
import { evaluationOrder, primaryTable, rowLoader, withRowErrors } from './load.js';
import type { FeaturePlan } from './plan.js';
import { runtimeFor, VEC } from './runtime.js';
import type { FittedState } from './state.js';
import { beyondFloat32 } from './usable.js';

export interface BatchResult {
  /** Row-major model inputs, `rows x width`; a missing value is NaN. */
  x: Float32Array;
  rows: number;
  width: number;
  columns: string[];
  /** Model inputs with missing values after every transform, and in how many rows (only those > 0). */
  missing: Array<{ feature: string; count: number }>;
  /** Model inputs with numbers beyond float32's range (infinite in `x`), and in how many rows (only those > 0). */
  beyond: Array<{ feature: string; count: number }>;
  /** The number each infinite cell of `x` was computed as, by its index in `x` (for messages). */
  beyondValues: Map<number, number>;
}

export interface BatchOptions {
  /** A history index already built for this plan and data (else one is built). */
  history?: HistoryIndex;
  /** Primary-table rows to transform, in output order (default: all). */
  rows?: ArrayLike<number>;
}

/**
 * Model inputs for every (or the chosen) primary-table rows: training and batch scoring.
 * Each row goes through the same evaluator as `transformRow`.
 */
export function transformBatch(plan: FeaturePlan, state: FittedState, data: EngineData, opts: BatchOptions = {}): BatchResult {
  const { rt, layout } = runtimeFor(plan, state);
  const table = primaryTable(plan, data.tables);
  const load = rowLoader(rt, table);
  const history = opts.history ?? buildHistoryIndex(plan, data);
  const ev = new RowEvaluator(rt, history);
  const order = evaluationOrder(plan, plan.outputs.map((o) => o.node));
  const rows = opts.rows ?? null;
  const n = rows ? rows.length : table.rowCount;
  const width = layout.width;
  const x = new Float32Array(n * width);
  const scalar = layout.features.filter((f) => rt.types[f.node] !== VEC);
  const counts = new Float64Array(scalar.length);
  const wide = new Float64Array(scalar.length);
  const beyondValues = new Map<number, number>();
  let r = 0;
  withRowErrors(table, () => r, () => {
    for (let i = 0; i < n; i++) {
      r = rows ? rows[i] : i;
      load(ev, r);
      ev.run(order);
      ev.write(layout, x, i * width);
      for (let j = 0; j < scalar.length; j++) {
        const v = ev.num[scalar[j].node];
        if (v !== v) counts[j]++;
        else if (beyondFloat32(v)) {
          wide[j]++;
          beyondValues.set(i * width + scalar[j].offset, v);
        }
      }
    }
  });
  const missing = scalar.map((f, j) => ({ feature: f.feature, count: counts[j] })).filter((m) => m.count > 0);
  const beyond = scalar.map((f, j) => ({ feature: f.feature, count: wide[j] })).filter((m) => m.count > 0);
  return { x, rows: n, width, columns: layout.columns, missing, beyond, beyondValues };
}
