import { argValue } from '../syntax/args.js';
import type { CallExpr, Expr, Reference } from '../syntax/ast.js';
import { bindArgs } from '../language/callArgs.js';
import { refPart, refPartCount } from '../syntax/reference.js';

/**
 * What a feature expression reads, by the spec's resolution rules: a bare name is a feature
 * when one has that name, else a column of the primary table; `table.col` is a column. Window
 * and `as_of` arguments always name columns; keyword arguments (`fit`) and literal lists
 * (`edges`, `vocabulary`) name nothing. The checker, hover and the engine all use this walk.
 */

export type FeatureNames = ReadonlySet<string> | ReadonlyMap<string, unknown>;

export interface ColumnRead {
  /** Absent for a bare name: a column of the primary table. */
  table?: string;
  column: string;
  node: Reference;
  /** True when a transform that `coversMissing` (fill_missing) encloses the read within this expression. */
  covered: boolean;
  /** True when the read is a window's history column (not a request field). */
  window: boolean;
  /** True when the read is a window's 'as_of' (a primary-table column by its kind). */
  asOf?: boolean;
  /**
   * True when a call that is no transform encloses the read: whether that call was meant as a
   * window is unknown, so rules that judge a read by its place leave it to 'unknown-transform'.
   */
  underUnknownCall?: boolean;
  /**
   * The call that reads the column directly, when one does. For a window's history column or
   * 'as_of': what a 'fill_missing' must enclose for the request fields a window reads ('as_of'
   * takes a column; the join key is not written).
   */
  call?: CallExpr;
}

export interface FeatureRead {
  feature: string;
  node: Reference;
  covered: boolean;
}

export interface Reads {
  features: FeatureRead[];
  columns: ColumnRead[];
}

/** Every feature and column reference in `expr` (not through other features), in source order. */
export function readsOf(expr: Expr, features: FeatureNames): Reads {
  const out = found;
  const f0 = out.featureCount;
  const c0 = out.columnCount;
  walk(expr, features, false, out);
  const reads: Reads = { features: out.take(out.features, f0, out.featureCount), columns: out.take(out.columns, c0, out.columnCount) };
  out.featureCount = f0;
  out.columnCount = c0;
  return reads;
}

/**
 * The reads of the walks in progress, on two stacks, copied out at their length when a walk
 * ends: a list grown by `push` keeps room for 16 more items and was copied again to trim it,
 * and the binder walks every feature of the file on each binding.
 */
class Found {
  readonly features: FeatureRead[] = [];
  readonly columns: ColumnRead[] = [];
  featureCount = 0;
  columnCount = 0;
  addFeature(r: FeatureRead): void {
    this.features[this.featureCount++] = r;
  }
  addColumn(c: ColumnRead): void {
    this.columns[this.columnCount++] = c;
  }
  /** The items from `from` to `to`, as a new list, and the stack let go of them (the last file's tree stays alive through them). */
  take<T>(stack: T[], from: number, to: number): T[] {
    if (from === to) return NOTHING as T[];
    const items = stack.slice(from, to);
    for (let k = from; k < to; k++) stack[k] = undefined as T;
    return items;
  }
}
const found = new Found();
/** The list of no reads, shared: read-only, as every `Reads` is (most features read no feature, or no column). */
const NOTHING: never[] = [];

/** Every field set at once: one shape for every read, and no property store added later. */
function columnRef(ref: Reference, covered: boolean, window: boolean, call: CallExpr | undefined, asOf: true | undefined): ColumnRead | undefined {
  const parts = refPartCount(ref);
  if (ref.at || parts === 0 || parts > 2) return undefined;
  return { table: parts === 1 ? undefined : refPart(ref, 0), column: refPart(ref, parts - 1), node: ref, covered, window, asOf, call };
}

function walk(expr: Expr, features: FeatureNames, covered: boolean, out: Found, call?: CallExpr): void {
  switch (expr.kind) {
    case 'Reference': {
      if (refPartCount(expr) === 1 && !expr.at && features.has(refPart(expr, 0))) {
        out.addFeature({ feature: refPart(expr, 0), node: expr, covered });
        return;
      }
      const c = columnRef(expr, covered, false, call, undefined);
      if (c) out.addColumn(c);
      return;
    }
    case 'Call':
      walkCall(expr, features, covered, out);
      return;
    case 'Binary':
      walk(expr.left, features, covered, out);
      walk(expr.right, features, covered, out);
      return;
    case 'Unary':
      walk(expr.operand, features, covered, out);
      return;
    case 'Paren':
      walk(expr.expr, features, covered, out);
      return;
    default:
      return;
  }
}

function walkCall(call: CallExpr, features: FeatureNames, covered: boolean, out: Found): void {
  const bound = bindArgs(call);
  if (!bound) {
    // Not a transform: still report what its arguments name, so nothing is silently unused.
    const first = out.columnCount;
    for (let k = 0; k < call.args.length; k++) walk(argValue(call.args[k]), features, covered, out);
    for (let i = first; i < out.columnCount; i++) out.columns[i].underUnknownCall = true;
    return;
  }
  // The signature's arrays, not the catalogue entry's: the entries differ in shape, so reading
  // `spec.args[k].kind` was a megamorphic load per argument of every call of the file.
  const sig = bound.signature;
  const inner = covered || sig.coversMissing;
  // By index: the binder walks every call of the file on each binding, and a look-up by name
  // searched the signature again for each of its arguments.
  const kinds = sig.kinds;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k];
    const value = bound.values.at(k);
    if (!value) continue;
    if (kind === 'expr') {
      walk(value, features, inner, out, call);
    } else if (kind === 'historyColumn' || kind === 'primaryColumn') {
      if (value.kind !== 'Reference') continue;
      const c = columnRef(value, inner, kind === 'historyColumn', call, kind === 'primaryColumn' ? true : undefined);
      if (c) out.addColumn(c);
    }
  }
}

/** The features and columns an expression reads directly, each once, in first-read order. */
export function featureDependencies(
  expr: Expr,
  features: FeatureNames,
): { features: string[]; columns: Array<{ table?: string; column: string }> } {
  const reads = readsOf(expr, features);
  const fs = [...new Set(reads.features.map((f) => f.feature))];
  const seen = new Set<string>();
  const columns: Array<{ table?: string; column: string }> = [];
  for (const c of reads.columns) {
    const id = `${c.table ?? ''}.${c.column}`;
    if (seen.has(id)) continue;
    seen.add(id);
    columns.push(c.table === undefined ? { column: c.column } : { table: c.table, column: c.column });
  }
  return { features: fs, columns };
}

/** The statistics a call learns from data, by its catalogue entry and the literals it states. */
export function fittedStatistics(call: CallExpr): string[] {
  const bound = bindArgs(call);
  if (!bound || !bound.spec.fitted || bound.problems.length > 0) return [];
  return bound.spec.fits(bound.values);
}

/**
 * True when a `fill_missing` lies on the path from `node` (a reference inside `root`) up to
 * `root`, so a missing value read there is filled. False when `node` is not inside `root`.
 */
export function coveredByFillMissing(root: Expr, node: Reference, features: FeatureNames = new Set()): boolean {
  const reads = readsOf(root, features);
  const hit = reads.columns.find((c) => c.node === node) ?? reads.features.find((f) => f.node === node);
  return hit ? hit.covered : false;
}
