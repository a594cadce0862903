import type { Binding, ModelSymbol } from '../../binder.js';
import type { Block } from '../../syntax/ast.js';
import {
  beyondFloat32,
  beyondFloat32Message,
  compilePlan,
  inputsOfEachThatMayBeUnusable,
  inputsThatMayBeUnusable,
  noInputColumnsMessage,
  planInputOf,
  subPlan,
  type ColumnFacts,
  type FeaturePlan,
  type PlanInput,
} from '../../features/index.js';
import { leftOutOneClassMessage } from '../../data/trainingClasses.js';
import { splitConfig } from '../../language/splitConfig.js';
import { sameItems } from '../../sameItems.js';
import type { CheckContext } from '../context.js';
import { engineSplit, isSeeded, splitWithSeed, TRIAL_SEEDS } from '../engineSplit.js';
import { isRefusal, judge, judgeTogether } from '../judge.js';
import type { Rule } from '../rule.js';
import type { CheckMemo } from '../memo.js';
import { ModelResults } from '../modelResults.js';
import type { LeftOutByTransform, Verdict } from '../verdicts.js';

/**
 * The runner leaves out rows whose model inputs are still missing after every transform and
 * refuses the run when that empties the training or test side ('log1p' of a column that is
 * below -1 on every row), or when a kept row has an input beyond float32's range (a cell
 * '1e300': the model would see an infinity). The same feature engine computes the same
 * features over every row of the file here, on the engine's split; decided by the runner's own
 * 'completeRows'. Silent when a column it needs was only sampled, or when another rule already
 * refuses. When the run is not refused but leaves rows out for an input a computation made
 * missing there ('log1p' of a refund), it warns ('skew/implicit-missing'): the same batch
 * counts those rows, so no input is computed twice.
 */
export const missingEveryRow: Rule = {
  name: 'invalid-value/missing-every-row',
  phase: 2,
  file(ctx) {
    if (ctx.diagnostics.some((d) => d.severity === 'error')) return;
    const p = ctx.binding.primary;
    if (!p?.target) return;
    // Whether the split is seeded is known without computing it; it is computed only when some
    // model's verdict was not kept, so a fresh process with every verdict stored reads no cell.
    // A kept verdict was computed from the same data and split (its key), so that split can be computed.
    const seeded = isSeeded(ctx);
    const models = [...ctx.binding.models.values()];
    const verdicts = new Array<Verdict | null | undefined>(models.length);
    const waiting: Waiting[] = [];
    // Models with the same key as one already waiting (the same plan): they get its verdict.
    const byKey = new Map<string, Waiting>();
    const same: Array<{ at: number; model: ModelSymbol; as: Waiting }> = [];
    const env = envFor(ctx, seeded).env;
    // The memo's keys of each model's plan and verdict, kept with the verdict for the next check.
    const keys: Array<MemoKeys | undefined> = new Array(models.length);
    const memo = ctx.host.memo;
    // A verdict stored between processes is written when found or decided: none is reused then.
    const reusable = env !== undefined && memo !== undefined && !ctx.host.verdicts;
    // Nothing keeps a plan past this check: every model's risky inputs from one plan of all their inputs.
    const each = memo === undefined && !ctx.host.verdicts ? riskyOfEach(ctx, models, seeded) : undefined;
    for (let i = 0; i < models.length; i++) {
      const kept = reusable ? carried.get(ctx, models[i].decl) : undefined;
      if (kept && kept.env === env) {
        // What `lookUp` would find in the memo: its entries are kept for this check as a hit keeps them.
        memo!.plans.get(kept.plan);
        if (kept.verdict !== undefined) memo!.verdicts.get(kept.key!);
        verdicts[i] = kept.verdict;
        keys[i] = kept;
        continue;
      }
      const k: MemoKeys = {};
      const found = each ? lookUpRisky(ctx, each[i], byKey) : lookUp(ctx, models[i], seeded, byKey, k);
      if (k.plan !== undefined) keys[i] = k;
      if (found === undefined) continue; // the compiler refuses the plan: another rule reports why
      if ('verdict' in found) verdicts[i] = found.verdict;
      else if ('as' in found) same.push({ at: i, model: models[i], as: found.as });
      else {
        const w = { at: i, model: models[i], ...found };
        waiting.push(w);
        if (w.key !== undefined) byKey.set(w.key.inMemory, w);
      }
    }
    const assignments = waiting.length === 0 ? [] : seeded ? [engineSplit(ctx)] : TRIAL_SEEDS.map((s) => splitWithSeed(ctx, s));
    if (assignments.some((a) => !a)) return;
    for (const [w, verdict] of decideAll(ctx, waiting, assignments as Uint8Array[])) verdicts[w.at] = remember(ctx, w, verdict);
    for (const s of same) verdicts[s.at] = remember(ctx, { model: s.model, key: s.as.key }, verdicts[s.as.at]!);
    if (reusable)
      for (let i = 0; i < models.length; i++) {
        const k = keys[i];
        // Kept only where the memo holds what a look-up would find: the plan, and the verdict by its key.
        if (k?.plan !== undefined && (verdicts[i] === undefined || k.key !== undefined))
          carried.set(ctx, models[i].decl, { env: env!, plan: k.plan, key: k.key, verdict: verdicts[i] });
      }
    for (let i = 0; i < models.length; i++) {
      const v = verdicts[i];
      if (v?.worst) report(ctx, models[i], v as Required<Pick<Verdict, 'failing' | 'worst'>>, seeded ? 1 : TRIAL_SEEDS.length, seeded);
      // The runner refuses it (one cause: the rows left out are said by this error alone).
      else if (v?.oneClass && ctx.task(models[i]) === 'classification') reportOneClass(ctx, models[i], v.oneClass, seeded);
      else {
        if (v?.leftOut) for (const l of v.leftOut) reportLeftOut(ctx, models[i], l, seeded);
        if (v?.unseenClasses && seeded && ctx.task(models[i]) === 'classification') reportUnseenClasses(ctx, models[i], v.unseenClasses);
      }
    }
  },
};

/** The memo's keys of a model's plan and of its verdict. */
interface MemoKeys {
  plan?: string;
  key?: string;
}

/**
 * Each model's verdict (undefined: its plan refused) with the memo keys it was found under and
 * the split and tables it was decided for, carried while the model's block and the closures of
 * its inputs are unchanged (`ModelResults`): an edit of one feature looks up the models naming
 * it, not every model's plan and verdict key.
 */
export const carried = new ModelResults<Required<Pick<MemoKeys, 'plan'>> & { key?: string; env: string; verdict: Verdict | null | undefined }>();

/**
 * In-process verdicts by the primary table's data (the host keeps the same object while the
 * file is unchanged), then by `verdictKey`: retyping elsewhere in the file does not fit and
 * transform every row again. `host.verdicts` keeps them between processes.
 */
const verdicts = new WeakMap<object, Map<string, Verdict | null>>();

/** Bump when what a verdict means or how it is computed changes: stored verdicts are then not found. */
const VERDICT_VERSION = 5;

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

/**
 * A model whose verdict was not kept: its whole plan (undefined where nothing keeps plans past
 * the check and none was compiled: `riskyOfEach`), the keys to keep the verdict under, and the
 * inputs to compute.
 */
interface Waiting {
  at: number;
  model: ModelSymbol;
  whole: FeaturePlan | undefined;
  /** `riskyOfEach`'s plan of every model's inputs, where it gave the risky inputs (no whole plan then). */
  all?: FeaturePlan;
  key: VerdictKey | undefined;
  /** The inputs that can be missing or beyond range on some row (never empty). */
  risky: string[];
}

/**
 * The model's verdict when it is kept (in the document's memo, in memory, or stored between
 * processes) or needs no rows (no input can be missing or out of range); the model waiting with
 * the same key when there is one; else what deciding it needs. Undefined when the compiler
 * refuses the model's plan.
 */
function lookUp(
  ctx: CheckContext,
  model: ModelSymbol,
  seeded: boolean,
  waiting: ReadonlyMap<string, Waiting>,
  keys: MemoKeys,
): { verdict: Verdict | null } | { as: Waiting } | Omit<Waiting, 'at' | 'model'> | undefined {
  const whole = planOf(ctx, model, keys);
  if (!whole) return undefined;
  const key = verdictKey(ctx, whole, seeded);
  keys.key = key?.inMemory;
  const as = key && waiting.get(key.inMemory);
  if (as) return { as };
  const memo = ctx.host.memo?.verdicts;
  const memory = cacheOf(ctx);
  let verdict = key === undefined ? undefined : (memo?.get(key.inMemory) ?? memory?.get(key.inMemory) ?? ctx.host.verdicts?.get(model.name, key.stored()));
  if (verdict === undefined) {
    let risky: string[] | undefined;
    try {
      // The catalogue's 'producesUnusable' and the column facts: the others cannot change the verdict.
      risky = inputsThatMayBeUnusable(whole, factsOf(ctx));
    } catch (e) {
      if (!isRefusal(e)) throw e;
      verdict = null;
    }
    if (risky && risky.length > 0) return { whole, key, risky };
    verdict ??= { failing: 0 };
    if (key !== undefined) ctx.host.verdicts?.set(model.name, key.stored(), verdict);
  }
  if (key !== undefined) {
    memo?.set(key.inMemory, verdict);
    memory?.set(key.inMemory, verdict);
  }
  return { verdict };
}

/** A model's risky inputs and verdict key, from `riskyOfEach`. */
interface Risky {
  risky: string[];
  key: VerdictKey | undefined;
  /** The plan of every model's inputs the risky ones were read from. */
  all: FeaturePlan;
}

/**
 * Each model's risky inputs (`inputsThatMayBeUnusable` of its whole plan) from one plan of every
 * model's inputs, for a check after which no plan is kept (no memo, no verdicts stored between
 * processes): a file of hundreds of models compiled a plan per model only to read which inputs
 * may be unusable, and whether one may depends on its feature's own node alone. Models with the
 * same inputs share a key (one plan, as `planOf` gives them). Undefined when that plan or a
 * column's facts are refused: each model's own plan then says which it refuses.
 */
function riskyOfEach(ctx: CheckContext, models: ModelSymbol[], seeded: boolean): Risky[] | undefined {
  if (models.length === 0) return [];
  const inputs = models.map((m) => m.inputs.map((i) => i.name));
  const all = [...new Set(inputs.flat())];
  let risky: string[][];
  let plan: FeaturePlan;
  try {
    plan = compilePlan({ ...planInputOf(ctx.binding, models[0].name), inputs: all, compiled: undefined });
    risky = inputsOfEachThatMayBeUnusable(plan, factsOf(ctx), inputs);
  } catch (e) {
    if (!isRefusal(e)) throw e;
    return undefined;
  }
  const keys = new Map<string, VerdictKey | undefined>();
  return models.map((m, k) => {
    const names = inputs[k].join('\u0000');
    let key = keys.get(names);
    if (!keys.has(names)) keys.set(names, (key = verdictKeyOf(ctx, seeded, () => compilePlan(planInputOf(ctx.binding, m.name)))));
    return { risky: risky[k], key, all: plan };
  });
}

/** `lookUp` for a model of `riskyOfEach`: no plan is kept, so only a model waiting with the same key has its verdict. */
function lookUpRisky(ctx: CheckContext, { risky, key, all }: Risky, waiting: ReadonlyMap<string, Waiting>): { verdict: Verdict | null } | { as: Waiting } | Omit<Waiting, 'at' | 'model'> {
  const as = key && waiting.get(key.inMemory);
  if (as) return { as };
  if (risky.length > 0) return { whole: undefined, all, key, risky };
  const verdict = { failing: 0 };
  if (key !== undefined) cacheOf(ctx)?.set(key.inMemory, verdict);
  return { verdict };
}

/** Keeps a verdict just decided, where `lookUp` looks for it. */
function remember(ctx: CheckContext, w: Pick<Waiting, 'model' | 'key'>, verdict: Verdict | null): Verdict | null {
  if (w.key !== undefined) {
    ctx.host.verdicts?.set(w.model.name, w.key.stored(), verdict);
    ctx.host.memo?.verdicts.set(w.key.inMemory, verdict);
    cacheOf(ctx)?.set(w.key.inMemory, verdict);
  }
  return verdict;
}

/**
 * Float32 cells one batch of models judged together may hold (rows × their distinct inputs):
 * 16 MiB. On a large file the models are judged in groups, so memory stays bounded; on a small
 * one every model shares one pass.
 */
const CELLS_TOGETHER = 1 << 22;

/** The verdict of every waiting model, judged together in groups when several wait. */
function decideAll(ctx: CheckContext, waiting: Waiting[], assignments: Uint8Array[]): Array<[Waiting, Verdict | null]> {
  const out: Array<[Waiting, Verdict | null]> = [];
  const rows = assignments[0]?.length ?? 0;
  let group: Waiting[] = [];
  let names = new Set<string>();
  const flush = () => {
    if (group.length > 0) decideGroup(ctx, group, [...names], assignments, out);
    group = [];
    names = new Set();
  };
  for (const w of waiting) {
    const more = w.risky.filter((f) => !names.has(f)).length;
    if (group.length > 0 && (names.size + more) * Math.max(1, rows) > CELLS_TOGETHER) flush();
    group.push(w);
    for (const f of w.risky) names.add(f);
  }
  flush();
  return out;
}

function decideGroup(ctx: CheckContext, group: Waiting[], names: string[], assignments: Uint8Array[], out: Array<[Waiting, Verdict | null]>): void {
  if (group.length > 1) {
    let together: Array<Verdict | null> | undefined;
    try {
      together = judgeTogether(ctx, unionPlan(ctx, group, names), group.map((w) => w.risky), assignments);
    } catch (e) {
      if (!isRefusal(e)) throw e;
    }
    if (together) {
      group.forEach((w, k) => out.push([w, together[k]]));
      return;
    }
    // One model's refusal must not cost the others their verdicts: each is judged alone.
  }
  for (const w of group) out.push([w, decideAlone(ctx, w, assignments)]);
}

/**
 * The plan of every input of a group, kept in the document's memo by each model's whole plan
 * (whose text names every feature its inputs reach) and inputs: a split edit judges the same
 * group again, and compiling it was a fifth of that edit.
 */
function unionPlan(ctx: CheckContext, group: Waiting[], names: string[]): FeaturePlan {
  const memo = ctx.host.memo;
  // With a memo every model has its whole plan (`riskyOfEach` is for checks without one).
  const key = memo && `u${group.map((w) => `${planId(w.whole!)}:${w.risky.join(',')}`).join('\u0000')}`;
  const kept = key === undefined ? undefined : memo!.plans.get(key);
  if (kept) return kept;
  // Without a memo the group's inputs were compiled with every model's (`riskyOfEach`): their part of that plan.
  const all = group[0].all;
  if (all !== undefined && group.every((w) => w.all === all)) return subPlan(all, names);
  const plan = compilePlan({ ...planInputOf(ctx.binding, group[0].model.name), inputs: names });
  if (key !== undefined) memo!.plans.set(key, plan);
  return plan;
}

/** The verdict from the plan of the model's risky inputs only. */
function decideAlone(ctx: CheckContext, w: Waiting, assignments: Uint8Array[]): Verdict | null {
  let plan: FeaturePlan;
  try {
    if (!w.whole) plan = w.all ? subPlan(w.all, w.risky) : compilePlan({ ...planInputOf(ctx.binding, w.model.name), inputs: w.risky });
    else plan = w.risky.length === w.whole.outputs.length ? w.whole : riskyPlan(ctx, w.model, w.whole, w.risky);
  } catch (e) {
    if (isRefusal(e)) return null;
    throw e;
  }
  return judge(ctx, plan, assignments);
}

/**
 * The model's whole plan; null when the compiler refuses it (another rule reports why). Kept
 * in the document's memo by the texts it is compiled from: the model's inputs, the tables'
 * keys, and the name and declaration text of every feature the inputs reach (each text by the
 * memo's id for it, named once per check however many models reach it).
 */
function planOf(ctx: CheckContext, model: ModelSymbol, keys: MemoKeys): FeaturePlan | null {
  // The plan's input is built only when its key needs it or the memo misses.
  let input: PlanInput | undefined;
  const inputOf = () => (input ??= planInputOf(ctx.binding, model.name));
  const memo = ctx.host.memo;
  const key = memo && (closureKey(ctx, model, inputOf) ?? textKey(ctx, memo, model, inputOf()));
  keys.plan = key;
  if (key !== undefined) {
    const hit = memo!.plans.get(key);
    if (hit !== undefined) return hit;
  }
  // Without a memo, models of one check with the same inputs share one plan (the rest of what a
  // plan is compiled from is the binding's): a file of many models over the same few features
  // compiled each one's, and every new plan object missed the verdicts kept in memory.
  let same: Map<string, FeaturePlan | null> | undefined;
  let inputs: string | undefined;
  if (key === undefined) {
    same = checkPlans.get(ctx);
    if (!same) checkPlans.set(ctx, (same = new Map()));
    inputs = model.inputs.map((i) => i.name).join('\u0000');
    const hit = same.get(inputs);
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
  else same!.set(inputs!, plan);
  return plan;
}

/** Without a memo: each check's plans by the model's inputs (`planOf`). */
const checkPlans = new WeakMap<CheckContext, Map<string, FeaturePlan | null>>();

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

/** The plan's nodes as text, made once per plan, for the verdicts stored between processes. */
const planTexts = new WeakMap<FeaturePlan, string>();
/** Each plan's last key and the rest of the file it was made with: an unchanged file reuses the same key. */
const planKeys = new WeakMap<FeaturePlan, { env: string; key: VerdictKey }>();
/** What every model's key shares in one check (undefined: a table read has no hash). */
const envs = new WeakMap<CheckContext, { env?: string; parts?: unknown[] }>();

/** The plan's whole text (nodes, outputs, tables), made once per plan object: what a verdict on it depends on. */
export function planTextOf(plan: FeaturePlan): string {
  let text = planTexts.get(plan);
  if (text === undefined) planTexts.set(plan, (text = JSON.stringify([plan.nodes, plan.outputs, plan.primary, [...plan.histories]])));
  return text;
}

/**
 * A small id per plan object, never reused, so the keys verdicts are looked up by in memory are
 * short and hold no plan's text: a key spelling out a whole plan's text was made, and hashed on
 * every lookup, for every model on every split edit, and the verdicts kept in memory held those
 * texts (megabytes in a file of hundreds of models, and a slower collector for everything else
 * in the process). The memo keeps a model's plan object while its texts are the same; a plan
 * compiled again gets a new id, which costs a miss, never a wrong verdict.
 */
const planIds = new WeakMap<FeaturePlan, number>();
let nextPlanId = 1;

function planId(plan: FeaturePlan): number {
  let id = planIds.get(plan);
  if (id === undefined) planIds.set(plan, (id = nextPlanId++));
  return id;
}

/** A verdict's key: short, for this process's maps; spelled out, for verdicts stored between processes. */
interface VerdictKey {
  inMemory: string;
  stored(): string;
}

/**
 * Everything a verdict depends on: the checker's, the whole plan (every node, its transform and
 * parameters), the split and whether it is seeded, and each table's content hash. Undefined
 * when a table read has no hash (nothing to key it by: it is not kept).
 */
function verdictKey(ctx: CheckContext, plan: FeaturePlan, seeded: boolean): VerdictKey | undefined {
  const shared = envFor(ctx, seeded);
  if (shared.env === undefined) return undefined;
  const last = planKeys.get(plan);
  if (last && last.env === shared.env) return last.key;
  const key = verdictKeyOf(ctx, seeded, () => plan, planId(plan))!;
  planKeys.set(plan, { env: shared.env, key });
  return key;
}

/** The verdict key of a plan by its id (a new one where the plan is not compiled: `riskyOfEach`), the plan made when its text is needed. */
function verdictKeyOf(ctx: CheckContext, seeded: boolean, plan: () => FeaturePlan, id = nextPlanId++): VerdictKey | undefined {
  const { env, parts } = envFor(ctx, seeded);
  if (env === undefined) return undefined;
  return {
    inMemory: `${VERDICT_VERSION}\u0000${id}\u0000${env}`,
    stored: () => JSON.stringify([`missing-every-row/${VERDICT_VERSION}`, planTextOf(plan()), ...parts!]),
  };
}

/** What every model's verdict key shares in this check (`envOf`), made once. */
function envFor(ctx: CheckContext, seeded: boolean): { env?: string; parts?: unknown[] } {
  let shared = envs.get(ctx);
  if (!shared) envs.set(ctx, (shared = envOf(ctx, seeded)));
  return shared;
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

/**
 * A model input a transform leaves missing on some rows the run keeps otherwise: a warning (the
 * run goes on without them), 'skew/implicit-missing' as for a missing cell, since /predict
 * refuses such a request just the same. Sides are named only for a seeded split: an unseeded
 * run draws its own, and the count was taken on the first split tried.
 */
function reportLeftOut(ctx: CheckContext, model: ModelSymbol, l: LeftOutByTransform, seeded: boolean): void {
  const input = model.inputs.find((i) => i.name === l.feature);
  const p = ctx.binding.primary!;
  const rows = l.count === 1 ? '1 row' : `${l.count} rows`;
  const sides = seeded
    ? ([['training', l.training], ['validation', l.validation], ['test', l.test]] as const)
        .filter(([, n]) => n > 0)
        .map(([side, n]) => `${n} ${side}`)
        .join(', ') + '; '
    : '';
  ctx.report(
    'skew/implicit-missing',
    input ?? model.nameNode,
    `'${l.feature}' is missing on ${rows} of '${p.source}' (${sides}first: data row ${l.first + 1}) where every column it reads is present: its computation leaves it missing ` +
      `(a 'log1p' below -1, a division by zero, the mean of an empty window). The run leaves those rows out, /predict refuses such a request and 'mlpipe score' a file with such a row: ` +
      `bound the transform's input with 'clip(…)', or wrap the feature in 'fill_missing(…, value)'`,
  );
}

/**
 * Target classes whose every training row the run leaves out for this model (a missing input):
 * the model never learns them, as if the split had put them in test alone ('skew/unseen-category'
 * on the target, which looks at the split's rows). Only for a seeded split: an unseeded run draws
 * its own.
 */
function reportUnseenClasses(ctx: CheckContext, model: ModelSymbol, u: { count: number; examples: string[] }): void {
  const p = ctx.binding.primary!;
  const many = u.count > 1;
  const examples = u.examples.map((v) => JSON.stringify(v)).join(', ');
  const inputs = model.attrs.get('inputs')?.value ?? model.nameNode;
  ctx.report(
    'skew/unseen-category',
    inputs,
    `${u.count} class${many ? 'es' : ''} of target '${p.target}' in the test split ${many ? 'have' : 'has'} no training row model '${model.name}' keeps (${examples}${u.count > 3 ? ', …' : ''}): ` +
      `every training row of ${many ? 'them' : 'it'} misses a model input and is left out, so the model cannot predict ${many ? 'them' : 'it'}, and the test metrics count ${many ? 'them' : 'it'} as missed; ` +
      `fill the missing inputs with 'fill_missing(…, value)'`,
  );
}

/** The training rows the run keeps hold one class: the runner refuses the classifier, with these words. */
function reportOneClass(ctx: CheckContext, model: ModelSymbol, o: NonNullable<Verdict['oneClass']>, seeded: boolean): void {
  const p = ctx.binding.primary!;
  const chance = seeded ? '' : ` with ${o.failing} of ${TRIAL_SEEDS.length} seeds tried (the run draws its own, so it can be refused)`;
  const inputs = model.attrs.get('inputs')?.value ?? model.nameNode;
  ctx.report('invalid-value', inputs, leftOutOneClassMessage({ target: p.target!, source: p.source ?? p.name, cls: o.cls, rows: o.rows, inputs: o.inputs, chance }));
}

function report(ctx: CheckContext, model: ModelSymbol, verdict: Required<Pick<Verdict, 'failing' | 'worst'>>, tried: number, seeded: boolean): void {
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
