import { attributesOf, bareName, type Binding, type FeatureSymbol, type TableSymbol } from '../binder.js';
import type { CallExpr, Expr, Reference, Span } from '../syntax/ast.js';
import { forEachCall } from '../syntax/visit.js';
import { bindArgs } from './callArgs.js';
import { refPart, refPartCount } from '../syntax/reference.js';

/** A data column the engine reads as times (`data/values.ts`'s `parseTime`), and why. */
export interface TimeRead {
  table: TableSymbol;
  column: string;
  /** Where a cell the parser refuses is reported: the `order`, the `as_of` argument, the `time` attribute. */
  at: Span;
  /** Why the engine parses it, the start of the message (`'split' orders rows by time`). */
  why: string;
  /**
   * Whether a window measures durations on it (as its history's time or its `as_of`), for
   * whichever reason comes first: a split only orders by it, which any increasing number does.
   */
  windowed: boolean;
}

/**
 * Every column the engine parses as times, in the order a run meets them: the primary table's
 * `time` for a time-ordered split (`data/times.ts`), the `time` of each history table a window
 * of a model's features reads (`features/history.ts`, every row, whenever the table is indexed),
 * and each window's `as_of` column of the primary table (`features/evaluate.ts`, every row).
 * Features no model reads are not compiled, so theirs are not read. Each column of a table
 * comes once, with the first reason to read it (the one to report): thousands of windows read
 * the same one or two columns, and a read made for each of them cost a check several ms.
 */
export function timeReads(binding: Binding): readonly TimeRead[] {
  let reads = readsOf.get(binding);
  if (reads === undefined) readsOf.set(binding, (reads = findTimeReads(binding)));
  return reads;
}

/**
 * Each binding's time reads: the language server asks twice per check (the columns a sampled
 * file reads whole, then the time-values rule), and each asking walks every used feature. A
 * binding is not changed once made, so its answer holds for as long as it lives.
 */
const readsOf = new WeakMap<Binding, readonly TimeRead[]>();

function findTimeReads(binding: Binding): TimeRead[] {
  const out: TimeRead[] = [];
  const p = binding.primary;
  if (!p) return out;
  // The columns found so far, by table: the later reasons to read one are not reported, but a
  // window's marks the first as windowed.
  const found = new Map<TableSymbol, TimeRead[]>();
  const isNew = (table: TableSymbol, column: string, windowed: boolean): boolean => {
    const reads = found.get(table);
    const first = reads?.find((r) => r.column === column);
    if (first) {
      first.windowed ||= windowed;
      return false;
    }
    return true;
  };
  const add = (read: TimeRead) => {
    out.push(read);
    const reads = found.get(read.table);
    if (reads) reads.push(read);
    else found.set(read.table, [read]);
  };
  const split = binding.blocks.get('split')?.[0];
  const order = split ? attributesOf(split).get('order') : undefined;
  if (order && bareName(order.value)?.name === 'time' && p.time && isNew(p, p.time, false))
    add({ table: p, column: p.time, at: order, why: "'split' orders rows by time", windowed: false });
  // In declaration order, so the first reader written is the one reported.
  for (const w of usedWindowCalls(binding)) {
    const history = w.history === undefined ? undefined : binding.tables.get(w.history);
    const time = history && history !== p && history.key !== undefined ? history.attrs.get('time') : undefined;
    if (history && time && history.time !== undefined && isNew(history, history.time, true))
      add({ table: history, column: history.time, at: time.value, why: `'${w.callee}' looks back through '${history.name}' by its time`, windowed: true });
    const column = asOfColumn(w, p.name);
    if (w.asOf && column !== undefined && isNew(p, column, true)) add({ table: p, column, at: w.asOf, why: `'${w.callee}' reads '${column}' as each example's time (as_of)`, windowed: true });
  }
  return out;
}

/**
 * The primary table's column a window's `as_of` names (`snapshot_at` or `customers.snapshot_at`),
 * or undefined when it has none or names another table's.
 */
export function asOfColumn(w: WindowCall, primary: string): string | undefined {
  const r = w.asOf;
  if (!r) return undefined;
  const count = refPartCount(r);
  return count === 1 ? refPart(r, 0) : count === 2 && refPart(r, 0) === primary ? refPart(r, 1) : undefined;
}

/**
 * The window calls of the features some model reads, in declaration order (features no model
 * reads are never computed). Made once per binding: the time reads and the empty-window rule
 * both ask on every check. Only features whose reads (the binder's walk) hold a window's column
 * or `as_of` are walked again: most features have no window, and walking every used one cost a
 * check ~5% of its time on a fresh tree. A window that reads neither (its column a call, or
 * `table.col@1`) is refused by 'unknown-reference' or 'unknown-transform' and is read by no run.
 */
export function usedWindowCalls(binding: Binding): readonly WindowCall[] {
  let calls = usedCalls.get(binding);
  if (calls === undefined) {
    const out: WindowCall[] = [];
    for (const f of binding.features.values())
      if (readsAWindow(f) && binding.usedFeatures.has(f.name)) for (const w of windowsIn(f.decl.value)) out.push(w);
    usedCalls.set(binding, (calls = out));
  }
  return calls;
}

/** Whether the binder's walk met a window's history column or `as_of` in the feature: only windows have such arguments. */
function readsAWindow(f: FeatureSymbol): boolean {
  const columns = f.reads.columns;
  for (let k = 0; k < columns.length; k++) if (columns[k].window || columns[k].asOf === true) return true;
  return false;
}

const usedCalls = new WeakMap<Binding, readonly WindowCall[]>();

/** A window call of a feature, as written: its name, the table its column names, its `as_of` reference. */
export interface WindowCall {
  call: CallExpr;
  callee: string;
  history?: string;
  asOf?: Reference;
  /** The duration's seconds and text, when it is a duration. */
  duration?: { seconds: number; text: string };
}

/**
 * The window calls of a feature's expression, kept per expression: the checker asks on every
 * check, and an edit keeps (and moves in place) the expressions of every statement it did not
 * touch, so walking thousands of features again cost a check 10-20 ms. Shared by the time
 * reads and the empty-window rule: one walk per expression for both.
 */
const windowCalls = new WeakMap<Expr, WindowCall[]>();

export function windowsIn(value: Expr): readonly WindowCall[] {
  let calls = windowCalls.get(value);
  if (calls) return calls;
  calls = [];
  const found = calls;
  forEachCall(value, (call) => {
    const bound = bindArgs(call);
    if (!bound?.spec.window) return;
    const column = bound.values.get('column');
    const asOf = bound.values.get('as_of');
    const duration = bound.values.get('duration');
    found.push({
      call,
      callee: call.callee.name,
      history: column?.kind === 'Reference' && refPartCount(column) === 2 ? refPart(column, 0) : undefined,
      asOf: asOf?.kind === 'Reference' && !asOf.at ? asOf : undefined,
      duration: duration?.kind === 'Duration' ? { seconds: duration.seconds, text: duration.text } : undefined,
    });
  });
  windowCalls.set(value, calls);
  return calls;
}
