import type { TableSymbol } from '../../binder.js';
import { bindArgs } from '../../language/callArgs.js';
import { TRAIN } from '../../data/split.js';
import { windowJoinColumn } from '../../features/windowJoin.js';
import type { Column } from '../../data/table.js';
import { getColumn } from '../../data/table.js';
import { parseIsoTime } from '../../data/isoTime.js';
import { compilePlan, keyOverlap, planInputOf, windowReach, type FeaturePlan, type PlanInput } from '../../features/index.js';
import type { CallExpr, Expr, Span } from '../../syntax/ast.js';
import { asOfColumn, usedWindowCalls, type WindowCall } from '../../language/timeColumns.js';
import type { CheckContext } from '../context.js';
import { engineSplit, isSeeded, splitKey } from '../engineSplit.js';
import { historyOf, isRefusal, tablesOf } from '../judge.js';
import type { Rule } from '../rule.js';
import type { EmptyWindowVerdict } from '../verdicts.js';

/**
 * A window that is empty on every training row makes its feature a constant (a count or sum of
 * 0, a mean missing everywhere) while the check is clean: the primary table's `key` names another
 * entity than the history's (`txn_id` against `card_id`), or `as_of` names a column that is no
 * moment (an amount, read as seconds into 1970). Decided with the engine's own join
 * (`windowReach`: its history index, key matching and time reading), on the engine's training
 * split, once per window shape (history table, duration, `as_of`). Times written as yyyymmdd
 * numbers (20250101) are reported too: the engine reads them as epoch seconds, so a window of 28
 * days covers years of them. Additions beyond the spec's table (docs/diagnostics.md).
 */
export const emptyWindow: Rule = {
  name: 'skew/empty-window',
  phase: 2,
  file(ctx) {
    const p = ctx.binding.primary;
    const data = p && ctx.readData(p);
    const calls = usedWindowCalls(ctx.binding);
    if (!p || !data || calls.length === 0) return;
    const shapes = windowShapes(ctx, calls);
    const verdicts = verdictsOf(ctx, shapes);
    const dated = new Set<string>();
    shapes.forEach((s, k) => {
      const v = verdicts[k];
      if (!v) return;
      if (v.empty) ctx.report('skew/empty-window', s.call, emptyMessage(ctx, s, v.empty));
      if (v.asOfDate !== undefined && s.asOf && !dated.has(`${p.name}\u0000${s.asOf.column}`)) {
        dated.add(`${p.name}\u0000${s.asOf.column}`);
        ctx.report('skew/empty-window', s.asOf.at, dateMessage(p, s.asOf.column, v.asOfDate));
      }
      const history = ctx.binding.tables.get(s.table)!;
      const at = history.attrs.get('time')?.value;
      if (v.historyDate !== undefined && at && history.time !== undefined && !dated.has(`${history.name}\u0000${history.time}`)) {
        dated.add(`${history.name}\u0000${history.time}`);
        ctx.report('skew/empty-window', at, dateMessage(history, history.time, v.historyDate));
      }
    });
  },
};

/**
 * The last check's verdicts by shape key, with what they were decided under (`envOf`), by the
 * primary table's data object: while the tables and the split are unchanged, a check looks a
 * shape's verdict up by its short key, without making its full key (`keyOf`). Undefined: no
 * verdict (a table not wholly known, which `envOf` also names), not tried again meanwhile.
 */
const carried = new WeakMap<object, { env: string; byShape: Map<string, EmptyWindowVerdict | undefined> }>();

/** What the shapes and verdicts depend on beyond the window calls: the split (and primary data), each table's join attributes, source and content. */
function envOf(ctx: CheckContext): string {
  const tables: unknown[] = [];
  for (const t of ctx.binding.tables.values()) {
    const d = ctx.readData(t);
    tables.push(t.name, t.key ?? null, t.time ?? null, t.source ?? null, d ? [d.hash ?? null, d.sampled === true] : null);
  }
  return JSON.stringify([splitKey(ctx) ?? null, ctx.binding.primary!.name, tables]);
}

/** One window shape: the first call of it (in declaration order, among the features models read). */
interface Shape {
  key: string;
  call: CallExpr;
  table: string;
  seconds: number;
  duration: string;
  asOf?: { column: string; at: Span };
}

function windowShapes(ctx: CheckContext, calls: readonly WindowCall[]): Shape[] {
  const p = ctx.binding.primary!;
  const shapes = new Map<string, Shape>();
  for (const w of calls) {
    const r = readingOf(w, p.name);
    if (!r || shapes.has(r.key)) continue;
    const history = ctx.binding.tables.get(r.table);
    if (!history || history === p || history.key === undefined) continue;
    shapes.set(r.key, { ...r, call: w.call });
  }
  return [...shapes.values()];
}

/**
 * A window call's shape as written, kept per call (an edit keeps the calls of every statement it
 * does not touch): null for a call with no duration or an `as_of` that is no primary column.
 */
function readingOf(w: WindowCall, primary: string): Omit<Shape, 'call'> | null {
  const last = readings.get(w);
  if (last && last.primary === primary) return last.shape;
  let shape: Omit<Shape, 'call'> | null = null;
  const column = w.asOf ? asOfColumn(w, primary) : '';
  // An 'as_of' that is no column reference is another rule's (the call then has none here).
  const asOfGiven = !w.asOf && bindArgs(w.call)?.values.has('as_of');
  if (w.history !== undefined && w.duration && w.duration.seconds > 0 && column !== undefined && !asOfGiven) {
    const key = `${w.history}\u0000${w.duration.seconds}\u0000${column}`;
    shape = { key, table: w.history, seconds: w.duration.seconds, duration: w.duration.text, asOf: w.asOf && column ? { column, at: w.asOf } : undefined };
  }
  readings.set(w, { primary, shape });
  return shape;
}

const readings = new WeakMap<WindowCall, { primary: string; shape: Omit<Shape, 'call'> | null }>();

/** Bump when what a verdict means or how it is computed changes: stored verdicts are then not found (2: a history with no keyed row; 3: no time on one side). */
const VERDICT_VERSION = 3;

/** Most verdicts one data object keeps in memory. */
const MAX_KEPT = 4096;

/** Verdicts by the primary table's data object (kept while its file is unchanged), then by `keyOf`. */
const kept = new WeakMap<object, Map<string, EmptyWindowVerdict>>();

/**
 * Each shape's verdict: kept in memory, or between processes (the split verdict store), under
 * everything it depends on; the rest computed together, over one plan of their windows.
 */
function verdictsOf(ctx: CheckContext, shapes: Shape[]): Array<EmptyWindowVerdict | undefined> {
  const p = ctx.binding.primary!;
  const data = ctx.readData(p)!;
  let memory = kept.get(data);
  if (!memory) kept.set(data, (memory = new Map()));
  // A long session adds verdicts with every split edit: past the bound the oldest half goes.
  if (memory.size >= MAX_KEPT) for (const key of [...memory.keys()].slice(0, MAX_KEPT >> 1)) memory.delete(key);
  const split = splitKey(ctx);
  const env = envOf(ctx);
  const last = carried.get(data);
  const before = last && last.env === env ? last.byShape : undefined;
  const byShape = new Map<string, EmptyWindowVerdict | undefined>();
  carried.set(data, { env, byShape });
  const out = new Array<EmptyWindowVerdict | undefined>(shapes.length);
  const waiting: number[] = [];
  const keys = new Array<string | undefined>(shapes.length);
  shapes.forEach((s, k) => {
    if (before?.has(s.key)) {
      byShape.set(s.key, (out[k] = before.get(s.key)));
      return;
    }
    const key = (keys[k] = keyOf(ctx, s, split));
    if (key === undefined) return byShape.set(s.key, undefined);
    if (memory.has(key)) byShape.set(s.key, (out[k] = memory.get(key)!));
    else waiting.push(k);
  });
  if (waiting.length === 0) return out;
  let computed: Map<number, EmptyWindowVerdict | undefined> | undefined;
  const compute = (k: number): EmptyWindowVerdict | undefined => {
    computed ??= computeAll(ctx, waiting.map((i) => shapes[i]), waiting);
    return computed.get(k);
  };
  const store = ctx.host.splitVerdicts;
  for (const k of waiting) {
    const id = `empty-window\u0000${shapes[k].key}`;
    const stored = store?.get(id, keys[k]!);
    let v: EmptyWindowVerdict | undefined = stored && 'emptyWindow' in stored ? stored.emptyWindow : undefined;
    if (v === undefined) {
      v = compute(k);
      // No verdict (a table not wholly known): kept for this data and split only, never stored.
      if (v === undefined) {
        byShape.set(shapes[k].key, undefined);
        continue;
      }
      store?.set(id, keys[k]!, { emptyWindow: v });
    }
    memory.set(keys[k]!, v);
    byShape.set(shapes[k].key, (out[k] = v));
  }
  return out;
}

/**
 * Everything a shape's verdict depends on: the checker's, the shape, both sides of the join and
 * the history's time, the rows judged (`splitKey`: the primary table's content and the split)
 * and the history table's content hash. Undefined when a hash is unknown.
 */
function keyOf(ctx: CheckContext, s: Shape, split: string | undefined): string | undefined {
  const p = ctx.binding.primary!;
  const history = ctx.binding.tables.get(s.table)!;
  const data = ctx.readData(history);
  if (split === undefined || data?.hash === undefined) return undefined;
  return JSON.stringify([VERDICT_VERSION, s.key, windowJoinColumn(p.key, history.key), history.key, history.time ?? null, split, data.hash, data.sampled === true]);
}

/**
 * The verdicts of shapes `shapes` (at indexes `at`): one plan of their windows, judged together,
 * else one by one. A shape the engine refuses (a time cell it cannot read, colliding keys) has
 * nothing to say here (null, kept: what refuses it is in its key); another rule reports why.
 * Undefined: no verdict (a table not wholly known).
 */
function computeAll(ctx: CheckContext, shapes: Shape[], at: number[]): Map<number, EmptyWindowVerdict | undefined> {
  const out = new Map<number, EmptyWindowVerdict | undefined>();
  const together = judge(ctx, shapes);
  if (together !== 'refused') {
    shapes.forEach((_, i) => out.set(at[i], together?.[i]));
    return out;
  }
  // One shape the engine refuses must not cost the others their verdicts.
  shapes.forEach((s, i) => {
    const alone = shapes.length > 1 ? judge(ctx, [s]) : together;
    out.set(at[i], alone === 'refused' ? null : alone?.[0]);
  });
  return out;
}

/** Names no feature can have: the windows judged, as features of their own plan. */
const windowName = (k: number) => `\u0000window ${k}`;

function judge(ctx: CheckContext, shapes: Shape[]): Array<EmptyWindowVerdict | undefined> | 'refused' | undefined {
  const p = ctx.binding.primary!;
  const model = ctx.binding.models.keys().next().value;
  if (model === undefined) return undefined;
  const windows = new Map(shapes.map((s, k) => [windowName(k), s.call as Expr]));
  const base = planInputOf(ctx.binding, model);
  const input: PlanInput = {
    ...base,
    features: { has: (n) => windows.has(n) || base.features.has(n), get: (n) => windows.get(n) ?? base.features.get(n) },
    inputs: [...windows.keys()],
  };
  let plan: FeaturePlan;
  try {
    const compiled = compilePlan(input);
    // Only a window's rows matter, not what it aggregates: each counts its table's key (never
    // missing on a row the join keys), so no value column is read, or refused for its type.
    plan = { ...compiled, nodes: compiled.nodes.map((n) => (n.kind === 'window' ? { ...n, agg: 'count' as const, column: compiled.histories.get(n.table)!.key } : n)) };
  } catch (e) {
    if (isRefusal(e)) return 'refused';
    throw e;
  }
  const tables = tablesOf(ctx, plan);
  if (!tables) return undefined;
  const split = engineSplit(ctx);
  const rows = split ? trainingRows(split) : null;
  let reach;
  try {
    reach = windowReach(plan, { tables }, rows, historyOf(ctx, plan, tables));
  } catch (e) {
    if (isRefusal(e)) return 'refused';
    throw e;
  }
  const primary = tables.get(p.name)!;
  return shapes.map((s, k) => {
    const node = plan.nodes[plan.outputs[k].node];
    const r = node.kind === 'window' ? reach.find((x) => x.range === node.range) : undefined;
    if (!r) return undefined;
    const history = ctx.binding.tables.get(s.table)!;
    const verdict: NonNullable<EmptyWindowVerdict> = {};
    const judged = rows ? rows.length : primary.rowCount;
    if (r.reached === 0 && judged > 0) {
      const join = getColumn(primary, windowJoinColumn(plan.primary.key, plan.histories.get(s.table)!.key))!;
      const o = keyOverlap(rows ? pick(join, rows) : join, getColumn(tables.get(s.table)!, history.key!)!);
      // A history of no rows (an export that wrote only its header) is empty for every example.
      if (o.primaryExample !== undefined && o.historyExample === undefined) verdict.empty = { rows: judged, cause: 'none' };
      else if (o.matched === 0 && o.primaryExample !== undefined && o.historyExample !== undefined)
        verdict.empty = { rows: judged, cause: 'keys', primaryKey: o.primaryExample, historyKey: o.historyExample };
      else if (o.matched > 0 && r.asOf && r.history) verdict.empty = { rows: judged, cause: 'times', asOf: [r.asOf.min, r.asOf.max], history: [r.history.min, r.history.max] };
      // A time column missing in every row (an export that lost it) places no row in any window.
      else if (o.matched > 0 && !r.history && history.time !== undefined) verdict.empty = { rows: judged, cause: 'no-times', table: history.name, column: history.time };
      else if (o.matched > 0 && !r.asOf && s.asOf) verdict.empty = { rows: judged, cause: 'no-times', table: p.name, column: s.asOf.column };
    }
    if (s.asOf) verdict.asOfDate = datesOf(primary.columns.find((c) => c.name === s.asOf!.column));
    if (history.time !== undefined) verdict.historyDate = datesOf(getColumn(tables.get(s.table)!, history.time));
    if (verdict.asOfDate === undefined) delete verdict.asOfDate;
    if (verdict.historyDate === undefined) delete verdict.historyDate;
    return verdict.empty || verdict.asOfDate !== undefined || verdict.historyDate !== undefined ? verdict : null;
  });
}

function trainingRows(split: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === TRAIN) n++;
  const rows = new Int32Array(n);
  n = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === TRAIN) rows[n++] = i;
  return rows;
}

/** The column's cells on `rows` only. */
function pick(c: Column, rows: Int32Array): Column {
  return c.type === 'string' ? { ...c, values: Array.from(rows, (r) => c.values[r]) } : { ...c, values: Float64Array.from(rows, (r) => c.values[r]) };
}

/**
 * The first cell of a numeric column whose every present cell is a date written as yyyymmdd
 * digits (a calendar date from 1900 to 2200), which the engine reads as epoch seconds; else
 * undefined. A text column is read by the time parser, which refuses such cells itself.
 */
function datesOf(c: Column | undefined): string | undefined {
  if (!c || c.type === 'string') return undefined;
  let first: string | undefined;
  for (const v of c.values as Float64Array) {
    if (v !== v) continue;
    if (!Number.isInteger(v) || v < 19000101 || v > 22001231) return undefined;
    const s = String(v);
    if (parseIsoTime(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`) === undefined) return undefined;
    first ??= s;
  }
  return first;
}

/** Epoch seconds as ISO 8601 (whole seconds without a fraction), or the number when no date can hold it. */
function iso(t: number): string {
  const ms = t * 1000;
  if (!(Math.abs(ms) <= 8.64e15)) return `${t} s`;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

const CONSTANT = 'so the feature is one constant in training (a count or sum of 0; a mean, min or max missing)';

function emptyMessage(ctx: CheckContext, s: Shape, e: NonNullable<NonNullable<EmptyWindowVerdict>['empty']>): string {
  const p = ctx.binding.primary!;
  const history = ctx.binding.tables.get(s.table)!;
  const fn = s.call.callee.name;
  const rows = `every ${isSeeded(ctx) ? 'training ' : ''}row of '${p.source}' (${e.rows} rows)`;
  const hsource = history.source ?? history.name;
  if (e.cause === 'none')
    return `'${fn}' over '${history.name}' is empty on ${rows}: '${hsource}' has no row with a '${history.key}' (the file holds no rows, or that key is missing in every one), ${CONSTANT}; give '${hsource}' the history the windows should read`;
  if (e.cause === 'no-times')
    return `'${fn}' over '${history.name}' is empty on ${rows}: the keys match, but '${e.table}.${e.column}' has no time in any ${e.table === history.name ? 'row' : 'of those rows'} (every cell is missing), ${CONSTANT}; give '${e.column}' the moment of each row`;
  if (e.cause === 'keys') {
    const join = windowJoinColumn(p.key, history.key!);
    // The primary table keyed by the example's own id ('txn_id') while it also has the history's
    // entity column ('card_id'): that column is the one to join on.
    const named = join !== history.key && ctx.column(p, history.key!) !== undefined;
    const advice = named
      ? `set 'key = ${history.key}' in 'data ${p.name}', its column of the entity '${history.name}' is keyed by ('mlpipe score --keep ${join}' still writes each row's '${join}')`
      : `set 'key' of 'data ${p.name}' to its column that holds the values of '${history.name}.${history.key}'`;
    return (
      `'${fn}' over '${history.name}' is empty on ${rows}: no key of '${p.name}.${join}' (like '${e.primaryKey}') appears in '${history.name}.${history.key}' (like '${e.historyKey}'), ${CONSTANT}; ` +
      `join them on one entity: ${advice}`
    );
  }
  const span = (x: [number, number]) => `${iso(x[0])} to ${iso(x[1])}`;
  const found = `the keys match, but no time of '${history.name}.${history.time}' (${span(e.history)}) falls in the ${s.duration} before any 'as_of' ('${s.asOf!.column}', read as ${span(e.asOf)})`;
  // Every moment before the history begins: 'as_of' is no moment of the history's clock (an
  // amount read as seconds into 1970). Else the windows fall between the history's rows.
  const advice =
    e.asOf[1] <= e.history[0]
      ? `make 'as_of' the column of each example's moment, in the clock of '${hsource}'`
      : `widen the window, or make 'as_of' the column of each example's moment if '${s.asOf!.column}' is not`;
  return `'${fn}' over '${history.name}' is empty on ${rows}: ${found}, ${CONSTANT}; ${advice}`;
}

function dateMessage(table: TableSymbol, column: string, first: string): string {
  const t = Number(first);
  const written = `${first.slice(0, 4)}-${first.slice(4, 6)}-${first.slice(6, 8)}`;
  return (
    `'${column}' of '${table.source ?? table.name}' holds dates written as yyyymmdd numbers (${first}), which windows read as epoch seconds (${first} is ${iso(t)}), ` +
    `so their durations measure the wrong span: write them as ISO 8601 dates (${written})`
  );
}
