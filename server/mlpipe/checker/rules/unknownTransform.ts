import { TRANSFORMS } from '../../transforms/index.js';
import { argIssues } from '../../transforms/validate.js';
import { bindArgs } from '../../language/callArgs.js';
import { FIT_SCOPES } from '../../language/keywords.js';
import { bareName } from '../../binder.js';
import type { Expr } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import { refPart, refPartCount } from '../../syntax/reference.js';

/**
 * The catalogue's names, and as the message lists them, once per check: a file with thousands of
 * calls of no transform listed the same names for each. Per check, not per process: a transform
 * may be registered at run time (`registerTransform`).
 */
const namesOfCheck = new WeakMap<CheckContext, { names: string[]; written: string }>();

function transformNames(ctx: CheckContext): { names: string[]; written: string } {
  let hit = namesOfCheck.get(ctx);
  if (!hit) {
    const names = Object.keys(TRANSFORMS);
    namesOfCheck.set(ctx, (hit = { names, written: names.map((n) => "'" + n + "'").join(', ') }));
  }
  return hit;
}

/**
 * Calls to functions that are not transforms, or with arguments their signature does not
 * take. Literal arguments are judged by the catalogue (`transforms/validate.ts`), the same
 * judgement the feature compiler makes; column arguments against the binding here.
 */
export const unknownTransform: Rule = {
  name: 'unknown-transform',
  phase: 0,
  call(call, _feature, ctx: CheckContext) {
    const bound = bindArgs(call);
    if (!bound) {
      const { names, written } = transformNames(ctx);
      const { suffix, fix } = ctx.didYouMean('transforms', () => names, call.callee.name);
      ctx.report('unknown-transform', call.callee, `'${call.callee.name}' is not a transform: use ${written}${suffix}`, fix);
      return;
    }
    const first = bound.problems[0];
    if (first) {
      ctx.report('unknown-transform', first.node.kind === 'Call' ? first.node.callee : first.node, first.message);
      return;
    }
    const { spec, values, signature } = bound;
    for (const issue of argIssues(bound)) {
      // A misspelt 'fit' keyword gets the "did you mean" (and its quick fix) every keyword attribute has.
      const word = issue.node === values.get('fit') ? bareName(issue.node)?.name : undefined;
      const { suffix, fix } = word === undefined ? { suffix: '' } : ctx.didYouMean('fit', () => FIT_SCOPES, word);
      ctx.report(issue.code, issue.node, issue.message + suffix, fix);
    }
    // No closure per argument, and the kinds from the signature's array rather than the catalogue
    // entry's objects: this runs for every call of every feature on each check.
    const kinds = signature.kinds;
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[k];
      const v = values.at(k);
      if (!v) continue;
      // 'h.v@1', 'h.v.x' and 't.t.x' are 'unknown-reference' at the same node: one error for one
      // cause. (An 'as_of' with '@' is this rule's, whose message gives the primary time as example.)
      if (v.kind === 'Reference' && (refPartCount(v) > 2 || (v.at && kind === 'historyColumn'))) continue;
      if (kind === 'historyColumn') {
        const t = v.kind === 'Reference' && refPartCount(v) === 2 ? ctx.binding.tables.get(refPart(v, 0)) : undefined;
        if (hyphenatedHistoryColumn(ctx, v)) continue;
        if (v.kind !== 'Reference' || refPartCount(v) !== 2 || v.at) {
          // A bare column name: the history tables that have it, written as the argument wants.
          const owners = v.kind === 'Reference' && refPartCount(v) === 1 && !v.at ? historyTablesWith(ctx, refPart(v, 0)) : [];
          const written = owners.map((o) => `'${o}'`).join(' or ');
          ctx.report(
            'unknown-transform',
            v,
            `'${spec.name}' aggregates a history table's column: write ${written || "'table.column'"}`,
            owners.length === 1 ? { fix: 'did-you-mean', name: owners[0] } : undefined,
          );
        }
        else if (t && t === ctx.binding.primary)
          ctx.report('unknown-transform', v, `'${spec.name}' aggregates a history table, but '${t.name}' is the primary table: read its columns directly`);
      } else if (kind === 'primaryColumn') {
        const p = ctx.binding.primary;
        // The example in the user's own names: the churn example's meant nothing in another pipeline.
        const example = p ? `${p.name}.${p.time ?? 'TIME_COLUMN'}` : 'primary.time';
        if (v.kind !== 'Reference' || v.at) ctx.report('unknown-transform', v, `'as_of' takes a column of the primary table, e.g. 'as_of = ${example}'`);
        else if (p && refPartCount(v) === 2 && refPart(v, 0) !== p.name && ctx.binding.tables.has(refPart(v, 0)))
          ctx.report('unknown-transform', v, `'as_of' must be a column of the primary table '${p.name}', not of '${refPart(v, 0)}'`);
        else if (p && refPartCount(v) === 1 && ctx.binding.features.has(refPart(v, 0)) && !ctx.mayBeColumn(p, refPart(v, 0)))
          // The engine reads a bare 'as_of' name as a primary column, never as a feature (the
          // feature compiler's `primaryColumnName`): a feature's name passed the check and failed the run.
          ctx.report('unknown-transform', v, `'as_of' takes a column of the primary table, not a feature ('${refPart(v, 0)}'): write a column, e.g. 'as_of = ${example}'`);
      }
    }
  },
};

/** `table.column` for each history table (not the primary) whose data has a column `name`. */
function historyTablesWith(ctx: CheckContext, name: string): string[] {
  const out: string[] = [];
  for (const t of ctx.binding.tables.values())
    if (t !== ctx.binding.primary && ctx.column(t, name) !== undefined) out.push(`${t.name}.${name}`);
  return out;
}

/**
 * A table's hyphenated column written as it is (`orders.order-value`), which parses as a
 * subtraction: `unknown-reference` names the column once, so the window is not told again to
 * write 'table.column' (which it did).
 */
function hyphenatedHistoryColumn(ctx: CheckContext, v: Expr): boolean {
  if (v.kind !== 'Binary' || v.op !== '-') return false;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_-]+)$/.exec(ctx.file.text.slice(v.start, v.end));
  const t = m ? ctx.binding.tables.get(m[1]!) : undefined;
  return t !== undefined && ctx.column(t, m![2]!) !== undefined;
}
