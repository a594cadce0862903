import type { ModelSymbol } from '../../binder.js';
import { DataError } from '../../data/errors.js';
import { TEST, TRAIN, VALIDATION } from '../../data/split.js';
import type { Table } from '../../data/table.js';
import {
  beyondFloat32,
  beyondFloat32Message,
  buildHistoryIndex,
  compilePlan,
  completeRows,
  fitPlan,
  inputsThatMayBeUnusable,
  noInputColumnsMessage,
  planInputOf,
  transformBatch,
  type ColumnFacts,
  type CompleteRows,
  type FeaturePlan,
  type SplitSides,
} from '../../features/index.js';
import { FeatureDataError, PlanError, StateError } from '../../features/errors.js';
import { splitConfig } from '../../language/splitConfig.js';
import type { CheckContext } from '../context.js';
import { wholeTable } from '../dataTables.js';
import { engineSplit, sidesWithTarget, splitWithSeed, TRIAL_SEEDS } from '../engineSplit.js';
import type { Rule } from '../rule.js';

/**
 * The runner leaves out rows whose model inputs are still missing after every transform and
 * refuses the run when that empties the training or test side ('log1p' of a column that is
 * below -1 on every row), or when a kept row has an input beyond float32's range (a cell
 * '1e300': the model would see an infinity). The same feature engine computes the same
 * features over every row of the file here, on the engine's split; decided by the runner's own
 * 'completeRows'. Silent when a column it needs was only sampled, or when another rule already
 * refuses.
 */
export const missingEveryRow: Rule = {
  name: 'invalid-value/missing-every-row',
  phase: 2,
  file(ctx) {
    if (ctx.diagnostics.some((d) => d.severity === 'error')) return;
    const p = ctx.binding.primary;
    if (!p?.target) return;
    const seeded = engineSplit(ctx);
    const assignments = seeded ? [seeded] : TRIAL_SEEDS.map((s) => splitWithSeed(ctx, s));
    if (assignments.some((a) => !a)) return;
    for (const model of ctx.binding.models.values()) checkModel(ctx, model, assignments as Uint8Array[], seeded !== null);
  },
};

/**
 * Verdicts by the primary table's data (the host keeps the same object while the file is
 * unchanged), then by plan, split and the other tables' hashes: retyping elsewhere in the file
 * does not fit and transform every row again.
 */
const verdicts = new WeakMap<object, Map<string, { failing: number; worst?: CompleteRows } | null>>();

function cacheOf(ctx: CheckContext): Map<string, { failing: number; worst?: CompleteRows } | null> | undefined {
  const data = ctx.readData(ctx.binding.primary!);
  if (!data) return undefined;
  let m = verdicts.get(data);
  if (!m) verdicts.set(data, (m = new Map()));
  return m;
}

function checkModel(ctx: CheckContext, model: ModelSymbol, assignments: Uint8Array[], seeded: boolean): void {
  const p = ctx.binding.primary!;
  let plan: FeaturePlan;
  try {
    const input = planInputOf(ctx.binding, model.name);
    const whole = compilePlan(input);
    // Only inputs whose chain can leave a row missing or out of range (the catalogue's
    // 'producesUnusable', the column facts) are computed: the others cannot change the verdict.
    const risky = inputsThatMayBeUnusable(whole, factsOf(ctx));
    if (risky.length === 0) return;
    plan = risky.length === whole.outputs.length ? whole : compilePlan({ ...input, inputs: risky });
  } catch (e) {
    if (isRefusal(e)) return;
    throw e;
  }
  const cache = cacheOf(ctx);
  const key = JSON.stringify([
    plan.nodes.map((n) => n.key),
    plan.outputs.map((o) => o.feature),
    plan.primary,
    [...plan.histories],
    splitConfig(ctx.binding),
    seeded,
    [...ctx.binding.tables.values()].map((t) => ctx.readData(t)?.hash ?? null),
  ]);
  let verdict = cache?.get(key);
  if (verdict === undefined) {
    verdict = judge(ctx, plan, assignments);
    cache?.set(key, verdict);
  }
  if (!verdict?.worst) return;
  const { failing, worst } = verdict;
  const chance = seeded ? '' : ` with ${failing} of ${assignments.length} seeds tried (the run draws its own)`;
  if (worst.noColumns) {
    const inputs = model.attrs.get('inputs')?.value ?? model.nameNode;
    const tried = seeded ? '' : ` (${failing} of ${assignments.length} seeds tried: the run draws its own)`;
    ctx.report('invalid-value', inputs, noInputColumnsMessage(plan.outputs.map((o) => o.feature)) + tried);
    return;
  }
  if (!worst.empty && worst.beyond) {
    const input = model.inputs.find((i) => i.name === worst.beyond!.feature);
    const tried = seeded ? '' : ` (${failing} of ${assignments.length} seeds tried)`;
    ctx.report('invalid-value', input ?? model.nameNode, beyondFloat32Message(worst.beyond, p.source!) + tried);
    return;
  }
  const whole = worst.missingOnEmpty.filter((m) => m.count === m.of);
  const advice = `: the run is refused${chance}; compute it so some rows keep a value, or wrap it in 'fill_missing(…, value)'`;
  if (whole.length > 0) {
    for (const m of whole) {
      const input = model.inputs.find((i) => i.name === m.feature);
      ctx.report('invalid-value', input ?? model.nameNode, `'${m.feature}' is missing on every ${worst.empty} row of '${p.source}' after every transform (${m.of} rows)${advice}`);
    }
    return;
  }
  const list = worst.missingOnEmpty.map((m) => `'${m.feature}' (${m.count} of ${m.of})`).join(', ');
  const inputs = model.attrs.get('inputs')?.value ?? model.nameNode;
  ctx.report('invalid-value', inputs, `every ${worst.empty} row of '${p.source}' misses some model input after every transform: ${list}${advice}`);
}

/** How many of the splits the run refuses (a side left empty, an input too large), and the first refusal; null when no verdict. */
function judge(ctx: CheckContext, plan: FeaturePlan, assignments: Uint8Array[]): { failing: number; worst?: CompleteRows } | null {
  const p = ctx.binding.primary!;
  const tables = tablesOf(ctx, plan);
  const targets = tables && wholeTable(ctx, p, [p.target!])?.columns[0];
  if (!tables || !targets) return null;
  let failing = 0;
  let worst: CompleteRows | undefined;
  let history: ReturnType<typeof buildHistoryIndex>;
  try {
    // The history index does not depend on the split: built once for every split tried.
    history = buildHistoryIndex(plan, { tables });
  } catch (e) {
    if (isRefusal(e)) return null;
    throw e;
  }
  for (const a of assignments) {
    const sides = sidesWithTarget(ctx, a);
    // An empty split is 'invalid-value/empty-split''s to report.
    if (!sides || sides.train === 0 || sides.test === 0) return null;
    let kept: CompleteRows;
    try {
      const state = fitPlan(plan, { tables }, a, { history });
      kept = completeRows(transformBatch(plan, state, { tables }, { history }), partsOf(a, targets.values));
    } catch (e) {
      if (isRefusal(e)) return null;
      throw e;
    }
    if (kept.empty || kept.beyond || kept.noColumns) {
      failing++;
      worst ??= kept;
    }
  }
  return { failing, worst };
}

function isRefusal(e: unknown): boolean {
  return e instanceof PlanError || e instanceof DataError || e instanceof FeatureDataError || e instanceof StateError;
}

/** The tables the plan reads, each with only the columns it reads; undefined if one is not wholly known. */
function tablesOf(ctx: CheckContext, plan: FeaturePlan): Map<string, Table> | undefined {
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
function partsOf(a: Uint8Array, targets: ArrayLike<unknown>): SplitSides {
  const sides: Record<number, number[]> = { [TRAIN]: [], [TEST]: [], [VALIDATION]: [] };
  for (let i = 0; i < a.length; i++) {
    const t = targets[i];
    if (t !== null && !(typeof t === 'number' && Number.isNaN(t))) sides[a[i]].push(i);
  }
  return { train: sides[TRAIN], test: sides[TEST], validation: sides[VALIDATION] };
}

/**
 * The primary table's column facts over the whole file: missing cells (the inspector's count)
 * and numbers beyond float32's range (a scan of the cells, kept per data object). Undefined
 * (unknown) when only a sample was read.
 */
function factsOf(ctx: CheckContext): (column: string) => ColumnFacts | undefined {
  const p = ctx.binding.primary!;
  const data = ctx.readData(p);
  return (column) => {
    const info = ctx.column(p, column);
    const cells = data?.values?.(column);
    if (!data || data.sampled || !info || !cells) return undefined;
    return { missing: info.missing > 0 || info.type === undefined, beyond: info.type !== 'string' && holdsBeyond(data, column, cells) };
  };
}

const beyondScans = new WeakMap<object, Map<string, boolean>>();

function holdsBeyond(data: object, column: string, cells: ReadonlyArray<string | null>): boolean {
  let m = beyondScans.get(data);
  if (!m) beyondScans.set(data, (m = new Map()));
  let found = m.get(column);
  if (found === undefined) {
    found = false;
    for (const c of cells) {
      if (c !== null && beyondFloat32(Number(c))) {
        found = true;
        break;
      }
    }
    m.set(column, found);
  }
  return found;
}
