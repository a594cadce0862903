import { bareName } from '../../binder.js';
import { bindArgs } from '../../language/callArgs.js';
import type { Expr } from '../../syntax/ast.js';
import { literalNumber } from '../../syntax/literals.js';
import { typesOf as types, type ExprType } from '../exprType.js';
import type { Rule } from '../rule.js';

function show(e: Expr): string {
  if (e.kind === 'Reference') return "'" + e.parts.map((p) => p.name).join('.') + "'";
  if (e.kind === 'Call') return `'${e.callee.name}(…)'`;
  return 'this value';
}

function what(t: ExprType): string {
  return t === 'string' ? 'text' : t === 'vector' ? 'a one-hot vector' : t;
}

/** Numeric transforms and arithmetic on text, `one_hot` on non-integer numbers, text as a model input. */
export const typeMismatch: Rule = {
  name: 'type-mismatch',
  phase: 1,
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    if (!bound || bound.problems.length > 0) return;
    const { spec, values } = bound;
    const x = values.get(spec.window ? 'column' : 'x');
    if (!x) return;
    const t = types(ctx).of(x);
    if (t === 'vector') {
      // The engine gives a one-hot vector only to a whole feature, never to another transform.
      ctx.report('type-mismatch', x, `${show(x)} is a one-hot vector, which can only be a whole feature, not the input of '${spec.name}'`);
      return;
    }
    if (spec.input === 'categorical') {
      if (t === 'number') ctx.report('type-mismatch', x, `'${spec.name}' needs text or whole numbers, but ${show(x)} holds fractional numbers: use 'bucketize' first`);
      return;
    }
    if (spec.input === 'numeric' && t === 'string') {
      ctx.report('type-mismatch', x, `'${spec.name}' needs numbers, but ${show(x)} is text: encode it with 'one_hot' or 'hash_bucket'`);
      return;
    }
    if (spec.coversMissing) {
      // The engine fills a numeric value with a number and text with a string, nothing else.
      const value = values.get(spec.coversMissing.value);
      const given = value?.kind === 'String' ? 'string' : value && literalNumber(value) !== undefined ? 'number' : undefined;
      if (!given || t === 'unknown') return;
      if (t === 'string' && given === 'number')
        ctx.report('type-mismatch', value!, `${show(x)} is text, so '${spec.name}' needs a string, e.g. "unknown", not a number`);
      else if (t !== 'string' && given === 'string')
        ctx.report('type-mismatch', value!, `${show(x)} is numeric, so '${spec.name}' needs a number, not a string`);
    }
  },
  feature(decl, ctx, inServe) {
    if (inServe) return;
    const visit = (e: Expr): void => {
      if (e.kind === 'Paren') return visit(e.expr);
      if (e.kind === 'Binary' || e.kind === 'Unary') {
        for (const side of e.kind === 'Binary' ? [e.left, e.right] : [e.operand]) {
          const t = types(ctx).of(side);
          if (t === 'string' || t === 'vector') ctx.report('type-mismatch', side, `arithmetic needs numbers, but ${show(side)} is ${what(t)}`);
          else visit(side);
        }
      } else if (e.kind === 'Call') for (const a of e.args) visit(a.value);
    };
    visit(decl.value);
  },
  attribute(attr, block, ctx) {
    if (block.type.name !== 'model' || attr.name.name !== 'inputs' || attr.value.kind !== 'List') return;
    for (const item of attr.value.items) {
      const id = bareName(item);
      if (!id || !ctx.binding.features.has(id.name)) continue;
      if (types(ctx).feature(id.name) === 'string')
        ctx.report('type-mismatch', id, `feature '${id.name}' is text, which a model cannot read: encode it with 'one_hot' or 'hash_bucket'`);
    }
  },
};
