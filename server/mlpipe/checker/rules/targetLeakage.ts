import { bindArgs } from '../../language/callArgs.js';
import type { TableSymbol } from '../../binder.js';
import type { FeatureDecl, Reference } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import { refPart, refPartCount } from '../../syntax/reference.js';

/**
 * A history column counts as derived from the target when its name is the target's, or the
 * target's name plus a suffix or prefix joined by `_` (`churned_at`, `is_churned`).
 */
export function derivedFromTarget(column: string, target: string): boolean {
  return column === target || column.startsWith(target + '_') || column.endsWith('_' + target);
}

/**
 * The names `derivedFromTarget` takes, spelt out for a message: "a name other than the target's
 * with a '_' prefix or suffix" read as an instruction to add one ('past_minutes').
 */
function derivedNames(target: string): string {
  return `'${target}', '${target}_…' or '…_${target}'`;
}

/** A feature that reads the target lets the model see the answer: great offline, useless in production. */
export const targetLeakage: Rule = {
  name: 'skew/target-leakage',
  phase: 1,
  reference(ref, feature, ctx) {
    const { binding } = ctx;
    const p = binding.primary;
    if (!p?.target) return;
    let table: string | undefined;
    let column: string;
    if (refPartCount(ref) === 1) {
      if (binding.features.has(refPart(ref, 0))) return;
      table = p.name;
      column = refPart(ref, 0);
    } else if (refPartCount(ref) === 2) {
      table = refPart(ref, 0);
      column = refPart(ref, 1);
    } else return;
    if (table === p.name && column === p.target)
      ctx.report('skew/target-leakage', ref, `feature '${feature.name.name}' reads the target '${p.target}': the model would learn the answer; remove it`);
    else if (table !== p.name && binding.tables.has(table) && derivedFromTarget(column, p.target)) reportDerived(ctx, ref, feature, p, p.target, table, column);
  },
};

/**
 * A history column named after the target. A function of its own: the closure below would make
 * the handler allocate a context on every reference of every feature, leak or not.
 */
function reportDerived(ctx: CheckContext, ref: Reference, feature: FeatureDecl, p: TableSymbol, target: string, table: string, column: string): void {
  const { binding } = ctx;
  // Judged by its name alone, and no comment silences an error: say so, and the way out.
  const named = `'${table}.${column}' looks derived from the target '${target}' (its name is the target's${column === target ? '' : ' with a prefix or suffix'})`;
  // A point-in-time window of a series known as it is recorded (a demand lag) is sound, as
  // docs/diagnostics.md says: "rename it if it is not the target's" told such a user it leaked.
  const read = binding.features.get(feature.name.name)?.reads.columns.find((r) => r.node === ref);
  const lag = read?.window && read.call && bindArgs(read.call)?.values.has('as_of');
  // A history block over the primary table's own file: renaming the column there renames the target.
  const own = lag && p.source !== undefined && binding.tables.get(table)?.source === p.source;
  const where = own
    ? `write the series to a file of its own for 'data ${table}' (it reads '${p.source}', the primary table's file, where renaming it would rename the target) under a name that is none of ${derivedNames(target)}`
    : `rename the column in the history data to a name that is none of ${derivedNames(target)}`;
  ctx.report(
    'skew/target-leakage',
    ref,
    lag
      ? `${named}: a window of past labels leaks every label not yet known at the example's time (a churn label known 30 days later) into feature '${feature.name.name}'; if these are values known as they are recorded (units sold that day, a lag), ${where}`
      : `${named}: it would leak the answer into feature '${feature.name.name}'; read another column, or rename this one in the data if it is not the target's`,
  );
}
