import { DataError } from '../data/errors.js';
import { TEST, TRAIN, VALIDATION } from '../data/split.js';
import { classesOfRows } from '../data/trainingClasses.js';
import { getColumn, type Table } from '../data/table.js';
import {
  buildHistoryIndex,
  byNode,
  completeRows,
  fitPlan,
  BatchColumns,
  outputLayout,
  transformBatch,
  type BatchResult,
  type CompleteRows,
  type FeaturePlan,
  type HistoryIndex,
  type SplitSides,
} from '../features/index.js';
import { cellsOf, type Batch } from '../features/complete.js';
import { requiredRequestFields } from '../features/request.js';
import { windowTables } from '../features/plan.js';
import { FeatureDataError, PlanError, StateError } from '../features/errors.js';
import type { CheckContext } from './context.js';
import { wholeTable } from './dataTables.js';
import { sidesWithTarget } from './engineSplit.js';
import type { LeftOutByTransform, Verdict } from './verdicts.js';

/**
 * How the runner would fare on each split tried: the rows of every side go through the same
 * feature engine, and `completeRows` (the runner's own) says whether a side is left empty or a
 * kept input is beyond float32's range. Models are judged one by one (`judge`) or, when many
 * wait at once (a split edit decides every model again), together (`judgeTogether`): one plan
 * of all their inputs is fitted and transformed once per split, and each model is judged on its
 * own columns of that batch. A node's values do not depend on what else a plan holds, so the
 * verdicts are the same; what is saved is the per-plan set-up (runtime, evaluator, fit waves,
 * history index) that dominated when hundreds of small models were judged one by one.
 */

/** How many of the splits the run refuses (a side left empty, an input too large), and the first refusal; null when no verdict. */
export function judge(ctx: CheckContext, plan: FeaturePlan, assignments: Uint8Array[]): Verdict | null {
  const verdicts = judgeTogether(ctx, plan, [plan.outputs.map((o) => o.feature)], assignments);
  return verdicts === undefined ? null : verdicts[0];
}

/**
 * The verdict of each model whose inputs are `inputs[k]` (each a subset of `plan`'s inputs, in
 * the model's order), from one pass over the rows per split; null verdicts when the split or
 * the target cannot be judged for any model. Undefined when the plan as a whole cannot be judged
 * (a table not wholly known, a refusal from the engine): the caller then judges each model alone,
 * so one model's refusal never costs another its verdict.
 */
export function judgeTogether(ctx: CheckContext, plan: FeaturePlan, inputs: string[][], assignments: Uint8Array[]): Array<Verdict | null> | undefined {
  const p = ctx.binding.primary!;
  const tables = tablesOf(ctx, plan);
  const targets = tables && wholeTable(ctx, p, [p.target!])?.columns[0];
  if (!tables || !targets) return undefined;
  const failing = new Array<number>(inputs.length).fill(0);
  const worst = new Array<CompleteRows | undefined>(inputs.length);
  let history: HistoryIndex;
  try {
    // The history index does not depend on the split: built once for every split tried.
    history = historyOf(ctx, plan, tables);
  } catch (e) {
    if (isRefusal(e)) return undefined;
    throw e;
  }
  // One model on the plan's own inputs reads the batch as it is.
  const whole = inputs.length === 1 && inputs[0].length === plan.outputs.length && inputs[0].every((f, i) => f === plan.outputs[i].feature);
  // Inputs with the same node have the same values: the batch computes and holds each node once,
  // and each model reads its inputs from their nodes' columns under their own names.
  const computed = whole ? plan : byNode(plan);
  const leftOut = new Array<LeftOutByTransform[] | undefined>(inputs.length);
  const unseen = new Array<Verdict['unseenClasses']>(inputs.length);
  const oneClass = new Array<Verdict['oneClass']>(inputs.length);
  for (let s = 0; s < assignments.length; s++) {
    const a = assignments[s];
    const sides = sidesWithTarget(ctx, a);
    // An empty split is 'invalid-value/empty-split''s to report.
    if (!sides || sides.train === 0 || sides.test === 0) return inputs.map(() => null);
    let batch: BatchResult;
    let state;
    try {
      // The same nodes, so the same state; its runtime checks each output node once, not once per input naming it.
      state = fitPlan(computed, { tables }, a, { history });
      batch = transformBatch(computed, state, { tables }, { history });
    } catch (e) {
      if (isRefusal(e)) return undefined;
      throw e;
    }
    const parts = partsOf(a, targets.values);
    // Each input's node read from the plan's own map of features (it holds every output's), not a copy of it.
    const columns = whole ? undefined : new BatchColumns(batch, outputLayout(computed, state), plan.features);
    // Each input's rows left out by a transform, counted once for every model that has it.
    const counted = new Map<string, LeftOutByTransform | null>();
    for (let k = 0; k < inputs.length; k++) {
      const b: Batch = columns ? columns.select(inputs[k]) : batch;
      const kept = completeRows(b, parts);
      if (kept.empty || kept.beyond || kept.noColumns) {
        failing[k]++;
        worst[k] ??= kept;
        continue;
      }
      if (kept.dropped === 0) continue;
      if (s === 0) {
        leftOut[k] = leftOutByTransform(plan, b, kept, parts, tables.get(plan.primary.name)!, counted);
        unseen[k] = classesLeftOut(kept.sides, parts, targets.values);
      }
      const one = keptOneClass(kept, parts, targets.values);
      if (one) oneClass[k] = oneClass[k] ? { ...oneClass[k]!, failing: oneClass[k]!.failing + 1 } : { ...one, failing: 1 };
    }
  }
  // The sides' row lists are not kept: a verdict is small.
  return inputs.map((_, k) => {
    const w = worst[k];
    if (w) return { failing: failing[k], worst: { empty: w.empty, beyond: w.beyond, missingOnEmpty: w.missingOnEmpty, noColumns: w.noColumns } };
    // A refused run is the error's alone: its rows are never left out.
    const l = leftOut[k];
    const u = unseen[k];
    const o = oneClass[k];
    return { failing: 0, ...(l ? { leftOut: l } : {}), ...(u ? { unseenClasses: u } : {}), ...(o ? { oneClass: o } : {}) };
  });
}

/**
 * The one class the kept training rows hold when the split's training side holds two or more
 * (classes keyed as the engine keys them: numbers by value), with how many rows are kept and the
 * inputs that left rows out; undefined otherwise. The same count as the runner's (`classesOfRows`).
 */
function keptOneClass(kept: CompleteRows, parts: SplitSides, targets: ArrayLike<unknown>): Omit<NonNullable<Verdict['oneClass']>, 'failing'> | undefined {
  const key = (r: number) => String(targets[r]);
  const train = classesOfRows(kept.sides.train, key);
  if (train.classes.length !== 1 || classesOfRows(parts.train, key).classes.length < 2) return undefined;
  return { cls: train.classes[0]!, rows: train.rows, inputs: kept.leftOut.map((l) => l.feature) };
}

/**
 * Classes of the kept test rows no kept training row holds, of those the split's training side
 * has (`Verdict.unseenClasses`); classes keyed as the engine keys them (numbers by value).
 */
function classesLeftOut(kept: SplitSides, parts: SplitSides, targets: ArrayLike<unknown>): Verdict['unseenClasses'] {
  const key = (r: number) => String(targets[r]);
  const trained = new Set(kept.train.map(key));
  const split = new Set(parts.train.map(key));
  const out = new Set<string>();
  for (const r of kept.test) {
    const c = key(r);
    if (!trained.has(c) && split.has(c)) out.add(c);
  }
  return out.size === 0 ? undefined : { count: out.size, examples: [...out].slice(0, 3) };
}

/**
 * The model's inputs that are missing, on rows the run keeps otherwise, where every primary
 * column the input reads outside 'fill_missing' is present: a transform made them missing
 * ('log1p' below -1, a division by zero, the mean of an empty window). A row whose missing value
 * comes from a missing cell is left out too, but 'skew/implicit-missing' reports that column.
 */
function leftOutByTransform(
  plan: FeaturePlan,
  batch: Pick<Batch, 'x' | 'width' | 'columns' | 'stride' | 'at'>,
  kept: CompleteRows,
  parts: SplitSides,
  primary: Table,
  counted: Map<string, LeftOutByTransform | null>,
): LeftOutByTransform[] | undefined {
  const out: LeftOutByTransform[] = [];
  for (const { feature } of kept.leftOut) {
    let c = counted.get(feature);
    if (c === undefined) counted.set(feature, (c = countLeftOut(plan, batch, feature, parts, primary)));
    if (c) out.push(c);
  }
  return out.length > 0 ? out : undefined;
}

function countLeftOut(plan: FeaturePlan, batch: Pick<Batch, 'x' | 'width' | 'columns' | 'stride' | 'at'>, feature: string, parts: SplitSides, primary: Table): LeftOutByTransform | null {
  const k = batch.columns.indexOf(feature);
  const node = plan.features.get(feature);
  if (k < 0 || node === undefined) return null;
  // The primary columns a request without them is refused for (read outside 'fill_missing',
  // an 'as_of' or a window's key included): serving's own reading of the plan, for this input.
  const cells = requiredRequestFields({ ...plan, outputs: [{ feature, node }] }).flatMap((f) => (f.covered ? [] : (getColumn(primary, f.column) ?? [])));
  const { x } = batch;
  const { stride, at } = cellsOf(batch);
  const column = at[k];
  let first = -1;
  const count = (rows: number[]) => {
    let n = 0;
    for (const r of rows) {
      if (!Number.isNaN(x[r * stride + column])) continue;
      if (cells.some((c) => (c.type === 'string' ? c.values[r] === null : Number.isNaN(c.values[r])))) continue;
      n++;
      if (first === -1 || r < first) first = r;
    }
    return n;
  };
  const training = count(parts.train);
  const validation = count(parts.validation);
  const test = count(parts.test);
  return first === -1 ? null : { feature, count: training + validation + test, first, training, validation, test };
}

/**
 * The history index of the plan's windows, kept in the document's memo by what it indexes:
 * each window's table, column and aggregate, the history tables' keys and times, and each
 * table's content hash (an edit of an unrelated feature, or of this one's arithmetic, reuses it).
 */
export function historyOf(ctx: CheckContext, plan: FeaturePlan, tables: Map<string, Table>): HistoryIndex {
  const memo = ctx.host.memo;
  if (!memo) return buildHistoryIndex(plan, { tables });
  const windows = new Set<string>();
  for (const n of plan.nodes) if (n.kind === 'window') windows.add(JSON.stringify([n.table, n.column, n.agg]));
  const read = windowTables(plan);
  const hashes = read.map((t) => {
    const symbol = ctx.binding.tables.get(t);
    return symbol ? (ctx.readData(symbol)?.hash ?? null) : null;
  });
  if (hashes.includes(null)) return buildHistoryIndex(plan, { tables });
  const key = JSON.stringify([[...windows].sort(), read.map((t) => plan.histories.get(t) ?? null), hashes]);
  let index = memo.histories.get(key);
  if (!index) memo.histories.set(key, (index = buildHistoryIndex(plan, { tables })));
  return index;
}

/** An error the runner would refuse the run with, for a reason another rule reports: no verdict. */
export function isRefusal(e: unknown): boolean {
  return e instanceof PlanError || e instanceof DataError || e instanceof FeatureDataError || e instanceof StateError;
}

/** The tables the plan reads, each with only the columns it reads; undefined if one is not wholly known. */
export function tablesOf(ctx: CheckContext, plan: FeaturePlan): Map<string, Table> | undefined {
  const need = new Map<string, Set<string>>([[plan.primary.name, new Set()]]);
  const add = (table: string, column: string | undefined) => {
    if (column === undefined) return;
    if (!need.has(table)) need.set(table, new Set());
    need.get(table)!.add(column);
  };
  for (const node of plan.nodes) {
    if (node.kind === 'column') add(plan.primary.name, node.column);
    else if (node.kind === 'window') add(node.table, node.column);
    else if (node.kind === 'range') {
      const h = plan.histories.get(node.table);
      add(node.table, h?.key);
      add(node.table, h?.time);
    }
  }
  const out = new Map<string, Table>();
  for (const [name, columns] of need) {
    const symbol = ctx.binding.tables.get(name);
    const t = symbol && wholeTable(ctx, symbol, columns);
    if (!t) return undefined;
    out.set(name, t);
  }
  return out;
}

/** The runner's sides (`partitionRows`): rows of each split code, those with a missing target left out. */
export function partsOf(a: Uint8Array, targets: ArrayLike<unknown>): SplitSides {
  const sides: Record<number, number[]> = { [TRAIN]: [], [TEST]: [], [VALIDATION]: [] };
  for (let i = 0; i < a.length; i++) {
    const t = targets[i];
    if (t !== null && !(typeof t === 'number' && Number.isNaN(t))) sides[a[i]].push(i);
  }
  return { train: sides[TRAIN], test: sides[TEST], validation: sides[VALIDATION] };
}
