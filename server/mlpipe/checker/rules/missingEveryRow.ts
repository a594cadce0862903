import type { Binding, ModelSymbol } from '../../binder.js';
import type { Block } from '../../syntax/ast.js';
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
  type HistoryIndex,
  type PlanInput,
  type SplitSides,
} from '../../features/index.js';
import { FeatureDataError, PlanError, StateError } from '../../features/errors.js';
import { splitConfig } from '../../language/splitConfig.js';
import { sameItems } from '../../sameItems.js';
import type { CheckContext } from '../context.js';
import { wholeTable } from '../dataTables.js';
import { engineSplit, sidesWithTarget, splitWithSeed, TRIAL_SEEDS } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import type { CheckMemo } from '../memo.js';
import type { Verdict } from '../verdicts.js';

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
 * In-process verdicts by the primary table's data (the host keeps the same object while the
 * file is unchanged), then by `verdictKey`: retyping elsewhere in the file does not fit and
 * transform every row again. `host.verdicts` keeps them between processes.
 */
const verdicts = new WeakMap<object, Map<string, Verdict | null>>();

/** Bump when what a verdict means or how it is computed changes: stored verdicts are then not found. */
const VERDICT_VERSION = 2;

/**
 * Most verdicts one data object keeps in memory. A key names a whole plan's text, so a long
 * session (every split edit adds a verdict per model) would otherwise hold every plan it ever
 * checked; past the bound the oldest are forgotten (the document's memo keeps its current ones).
 */
export const MAX_VERDICTS = 4096;

/** How many verdicts are held in memory for a data object (for tests). */
export function heldVerdicts(data: object): number {
  return verdicts.get(data)?.size ?? 0;
}

function cacheOf(ctx: CheckContext): Map<string, Verdict | null> | undefined {
  const data = ctx.readData(ctx.binding.primary!);
  if (!data) return undefined;
  let m = verdicts.get(data);
  if (!m) verdicts.set(data, (m = new Map()));
  else if (m.size >= MAX_VERDICTS) {
    // A Map iterates in insertion order: drop the oldest quarter.
    let drop = MAX_VERDICTS >> 2;
    for (const key of m.keys()) {
      if (drop-- === 0) break;
      m.delete(key);
    }
  }
  return m;
}

function checkModel(ctx: CheckContext, model: ModelSymbol, assignments: Uint8Array[], seeded: boolean): void {
  const whole = planOf(ctx, model);
  if (!whole) return;
  const key = verdictKey(ctx, whole, seeded);
  const memory = cacheOf(ctx);
  const memo = ctx.host.memo?.verdicts;
  let verdict = key === undefined ? undefined : (memo?.get(key) ?? memory?.get(key) ?? ctx.host.verdicts?.get(model.name, key));
  if (verdict === undefined) {
    verdict = decide(ctx, model, whole, assignments);
    if (key !== undefined) ctx.host.verdicts?.set(model.name, key, verdict);
  }
  if (key !== undefined) {
    memo?.set(key, verdict);
    memory?.set(key, verdict);
  }
  if (verdict?.worst) report(ctx, model, verdict as Required<Verdict>, assignments.length, seeded);
}

/**
 * The model's whole plan; null when the compiler refuses it (another rule reports why). Kept
 * in the document's memo by the texts it is compiled from: the model's inputs, the tables'
 * keys, and the name and declaration text of every feature the inputs reach (each text by the
 * memo's id for it, named once per check however many models reach it).
 */
function planOf(ctx: CheckContext, model: ModelSymbol): FeaturePlan | null {
  // The plan's input is built only when its key needs it or the memo misses.
  let input: PlanInput | undefined;
  const inputOf = () => (input ??= planInputOf(ctx.binding, model.name));
  const memo = ctx.host.memo;
  const key = memo && (closureKey(ctx, model, inputOf) ?? textKey(ctx, memo, model, inputOf()));
  if (key !== undefined) {
    const hit = memo!.plans.get(key);
    if (hit !== undefined) return hit;
  }
  let plan: FeaturePlan | null;
  try {
    plan = compilePlan(inputOf());
  } catch (e) {
    if (!isRefusal(e)) throw e;
    plan = null;
  }
  if (key !== undefined) memo!.plans.set(key, plan);
  return plan;
}

/** What a plan is compiled from besides its features' texts: the inputs, the primary table, the history tables. */
function inputKey(ctx: CheckContext, model: ModelSymbol, inputOf: () => PlanInput): string {
  // The tables' part is the same for every model of a binding; the inputs are the model block's,
  // so an unchanged block (kept by the re-parse) keeps its key while the tables' part holds.
  const tables = tablesKey(ctx, inputOf);
  const last = inputKeys.get(model.decl);
  if (last && last.tables === tables) return last.key;
  const input = inputOf();
  const key = JSON.stringify([input.inputs, input.primary, [...input.histories]]);
  inputKeys.set(model.decl, { tables, key });
  return key;
}

function tablesKey(ctx: CheckContext, inputOf: () => PlanInput): string {
  let tables = tableKeys.get(ctx.binding);
  if (tables === undefined) {
    const input = inputOf();
    tableKeys.set(ctx.binding, (tables = JSON.stringify([input.primary, [...input.histories]])));
  }
  return tables;
}

const tableKeys = new WeakMap<Binding, string>();
const inputKeys = new WeakMap<Block, { tables: string; key: string }>();
/** Each model block's last closure key and the closure ids it was made of (-1: an input that is not a feature). */
const closureKeys = new WeakMap<Block, { tables: string; ids: number[]; key: string }>();

/**
 * The plan's key with each input feature named by its closure id (`FeatureResults`), which
 * names the texts of everything it reads: no walk of the closure. Undefined when an input has
 * no id (on or reading a cycle) or the check has none. While a model block and its inputs'
 * closure ids are the same, the same key string is given again (its hash already computed).
 */
function closureKey(ctx: CheckContext, model: ModelSymbol, inputOf: () => PlanInput): string | undefined {
  const entries = ctx.featureEntries;
  if (!entries) return undefined;
  const ids: number[] = new Array(model.inputs.length);
  for (let k = 0; k < ids.length; k++) {
    const f = ctx.binding.features.get(model.inputs[k].name);
    if (!f) {
      ids[k] = -1; // not a feature: its name, in the inputs, is all the plan reads of it
      continue;
    }
    const e = entries.get(f.decl);
    if (!e) return undefined;
    ids[k] = e.id;
  }
  const tables = tablesKey(ctx, inputOf);
  const last = closureKeys.get(model.decl);
  if (last && last.tables === tables && sameItems(last.ids, ids)) return last.key;
  let key = 'c' + inputKey(ctx, model, inputOf);
  for (let k = 0; k < ids.length; k++) if (ids[k] >= 0) key += `\u0000${model.inputs[k].name}\u0001${ids[k]}`;
  closureKeys.set(model.decl, { tables, ids, key });
  return key;
}

/** The plan's key with every feature the inputs reach named by its text's id. */
function textKey(ctx: CheckContext, memo: CheckMemo, model: ModelSymbol, input: PlanInput): string {
  let ids = textIds.get(ctx);
  if (!ids) textIds.set(ctx, (ids = new Map()));
  let key = 't' + inputKey(ctx, model, () => input);
  for (const name of ctx.binding.featureClosure(input.inputs)) {
    let id = ids.get(name);
    // The declaration's text names its expression's (and its name's, already in the key).
    if (id === undefined) ids.set(name, (id = memo.statementTextId(ctx.binding.features.get(name)!.decl, ctx.file.text)));
    key += `\u0000${name}\u0001${id}`;
  }
  return key;
}

/** Each feature's expression-text id, by name, for one check. */
const textIds = new WeakMap<CheckContext, Map<string, number>>();

/** The plan's nodes as text, made once per plan (a memo's plan is asked for on every check). */
const planTexts = new WeakMap<FeaturePlan, string>();
/** Each plan's last key and the rest of the file it was made with: an unchanged file reuses the same string. */
const planKeys = new WeakMap<FeaturePlan, { env: string; key: string }>();
/** What every model's key shares in one check (undefined: a table read has no hash). */
const envs = new WeakMap<CheckContext, { env?: string; parts?: unknown[] }>();

/**
 * Everything a verdict depends on: the checker's, the whole plan (every node, its transform and
 * parameters), the split and whether it is seeded, and each table's content hash. Undefined
 * when a table read has no hash (nothing to key it by: it is not kept).
 */
function verdictKey(ctx: CheckContext, plan: FeaturePlan, seeded: boolean): string | undefined {
  let shared = envs.get(ctx);
  if (!shared) envs.set(ctx, (shared = envOf(ctx, seeded)));
  if (shared.env === undefined) return undefined;
  const last = planKeys.get(plan);
  if (last && last.env === shared.env) return last.key;
  let text = planTexts.get(plan);
  if (text === undefined) planTexts.set(plan, (text = JSON.stringify([plan.nodes, plan.outputs, plan.primary, [...plan.histories]])));
  const key = JSON.stringify([`missing-every-row/${VERDICT_VERSION}`, text, ...shared.parts!]);
  planKeys.set(plan, { env: shared.env, key });
  return key;
}

function envOf(ctx: CheckContext, seeded: boolean): { env?: string; parts?: unknown[] } {
  const tables: unknown[] = [];
  for (const t of ctx.binding.tables.values()) {
    const d = ctx.readData(t);
    if (d && d.hash === undefined) return {};
    tables.push(t.name, d ? [d.hash, d.sampled === true] : null);
  }
  const parts = [splitConfig(ctx.binding), seeded, tables];
  return { env: JSON.stringify(parts), parts };
}

/** The verdict: only inputs whose chain can leave a row missing or out of range are computed. */
function decide(ctx: CheckContext, model: ModelSymbol, whole: FeaturePlan, assignments: Uint8Array[]): Verdict | null {
  let plan: FeaturePlan;
  try {
    // The catalogue's 'producesUnusable' and the column facts: the others cannot change the verdict.
    const risky = inputsThatMayBeUnusable(whole, factsOf(ctx));
    if (risky.length === 0) return { failing: 0 };
    plan = risky.length === whole.outputs.length ? whole : riskyPlan(ctx, model, whole, risky);
  } catch (e) {
    if (isRefusal(e)) return null;
    throw e;
  }
  return judge(ctx, plan, assignments);
}

/**
 * The plan of a model's risky inputs only, kept per whole plan: the whole plan names the texts
 * of every feature its inputs reach (its memo key), so the same whole plan and the same inputs
 * compile the same part. A split edit decides every model's verdict again, not their plans.
 */
const riskyPlans = new WeakMap<FeaturePlan, Map<string, FeaturePlan>>();

function riskyPlan(ctx: CheckContext, model: ModelSymbol, whole: FeaturePlan, risky: string[]): FeaturePlan {
  let byInputs = riskyPlans.get(whole);
  if (!byInputs) riskyPlans.set(whole, (byInputs = new Map()));
  const key = risky.join('\u0000');
  let plan = byInputs.get(key);
  if (!plan) byInputs.set(key, (plan = compilePlan({ ...planInputOf(ctx.binding, model.name), inputs: risky })));
  return plan;
}

function report(ctx: CheckContext, model: ModelSymbol, verdict: Required<Verdict>, tried: number, seeded: boolean): void {
  const p = ctx.binding.primary!;
  const { failing, worst } = verdict;
  const chance = seeded ? '' : ` with ${failing} of ${tried} seeds tried (the run draws its own)`;
  if (worst.noColumns) {
    // Only a whole plan (every input a vector) can have no column: its outputs are the model's inputs.
    const inputs = model.attrs.get('inputs')?.value ?? model.nameNode;
    const seeds = seeded ? '' : ` (${failing} of ${tried} seeds tried: the run draws its own)`;
    ctx.report('invalid-value', inputs, noInputColumnsMessage(model.inputs.map((i) => i.name)) + seeds);
    return;
  }
  if (!worst.empty && worst.beyond) {
    const input = model.inputs.find((i) => i.name === worst.beyond!.feature);
    const seeds = seeded ? '' : ` (${failing} of ${tried} seeds tried)`;
    ctx.report('invalid-value', input ?? model.nameNode, beyondFloat32Message(worst.beyond, p.source!) + seeds);
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
function judge(ctx: CheckContext, plan: FeaturePlan, assignments: Uint8Array[]): Verdict | null {
  const p = ctx.binding.primary!;
  const tables = tablesOf(ctx, plan);
  const targets = tables && wholeTable(ctx, p, [p.target!])?.columns[0];
  if (!tables || !targets) return null;
  let failing = 0;
  let worst: CompleteRows | undefined;
  let history: HistoryIndex;
  try {
    // The history index does not depend on the split: built once for every split tried.
    history = historyOf(ctx, plan, tables);
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
  // The sides' row lists are not kept: a verdict is small.
  return worst ? { failing, worst: { empty: worst.empty, beyond: worst.beyond, missingOnEmpty: worst.missingOnEmpty, noColumns: worst.noColumns } } : { failing };
}

/**
 * The history index of the plan's windows, kept in the document's memo by what it indexes:
 * each window's table, column and aggregate, the history tables' keys and times, and each
 * table's content hash (an edit of an unrelated feature, or of this one's arithmetic, reuses it).
 */
function historyOf(ctx: CheckContext, plan: FeaturePlan, tables: Map<string, Table>): HistoryIndex {
  const memo = ctx.host.memo;
  if (!memo) return buildHistoryIndex(plan, { tables });
  const windows = new Set<string>();
  for (const n of plan.nodes) if (n.kind === 'window') windows.add(JSON.stringify([n.table, n.column, n.agg]));
  const read = [...new Set([...windows].map((w) => JSON.parse(w)[0] as string))];
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
