import { bindArgs } from '../../language/callArgs.js';
import type { Expr } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import { isIdentifier } from '../../syntax/tokens.js';
import { unnameable } from './unknownReference.js';

const WHAT: Record<'Duration' | 'String' | 'Bool' | 'List', string> = { Duration: 'a duration', String: 'a string', Bool: 'a boolean', List: 'a list' };

/**
 * Where a feature expression needs a value (the feature itself, an operand, a transform's
 * input), a duration, string, boolean or list is no value the engine can compute with.
 * Literal arguments (a 'fill_missing' value, 'edges') are judged by the transform catalogue.
 */
export const featureValue: Rule = {
  name: 'invalid-value/feature-value',
  phase: 0,
  feature(decl, ctx, inServe) {
    if (!inServe) visit(decl.value, ctx);
  },
};

// The kinds WHAT names are switched on, not looked up first: a lookup that misses (most nodes
// are calls, operators, names and numbers) searches the object's prototype chain on every node.
function visit(e: Expr, ctx: CheckContext): void {
  switch (e.kind) {
    case 'Duration':
    case 'String':
    case 'Bool':
    case 'List':
      ctx.report('invalid-value', e, `${WHAT[e.kind]} is not a feature value: features compute numbers from columns${columnMeant(e, ctx)}`);
      return;
    case 'Paren':
      return visit(e.expr, ctx);
    case 'Unary':
      return visit(e.operand, ctx);
    case 'Binary':
      visit(e.left, ctx);
      return visit(e.right, ctx);
    case 'Call': {
      const bound = bindArgs(e);
      if (!bound || bound.problems.length > 0) return;
      // By index in the signature's arrays: no search by name, no catalogue objects per call.
      const kinds = bound.signature.kinds;
      for (let k = 0; k < kinds.length; k++) {
        const v = kinds[k] === 'expr' ? bound.values.at(k) : undefined;
        if (v) visit(v, ctx);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The primary table's column a string or boolean literal names, and how to read it: `"price"`
 * (a column quoted as pandas' `df["price"]` or SQL would) is the column `price` written bare, and
 * a column named `true` is read as `t.true` (bare, `true` is the literal). Empty for any other.
 */
function columnMeant(e: Expr, ctx: CheckContext): string {
  const p = ctx.binding.primary;
  if (!p || (e.kind !== 'String' && e.kind !== 'Bool')) return '';
  const name = e.kind === 'String' ? e.value : ctx.file.text.slice(e.start, e.end);
  if (ctx.column(p, name) === undefined) return '';
  if (e.kind === 'Bool') return `; to read the column '${name}' of '${p.name}', write '${p.name}.${name}'`;
  return isIdentifier(name) ? `; to read the column '${name}', write it without quotes` : `.${unnameable(name)}`;
}
