import { bareName } from '../../binder.js';
import { TRANSFORMS } from '../../language/transforms.js';
import type { Expr } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import { TypeInference, type ExprType } from '../exprType.js';
import type { Rule } from '../rule.js';

const inference = new WeakMap<CheckContext, TypeInference>();
function types(ctx: CheckContext): TypeInference {
  let t = inference.get(ctx);
  if (!t) inference.set(ctx, (t = new TypeInference(ctx)));
  return t;
}

function show(e: Expr): string {
  if (e.kind === 'Reference') return '`' + e.parts.map((p) => p.name).join('.') + '`';
  if (e.kind === 'Call') return `\`${e.callee.name}(…)\``;
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
    const spec = TRANSFORMS[call.callee.name];
    const x = call.args[0];
    if (!spec || !x || x.name) return;
    const t = types(ctx).of(x.value);
    if (spec.name === 'one_hot') {
      if (t === 'number') ctx.report('type-mismatch', x.value, `\`one_hot\` needs text or whole numbers, but ${show(x.value)} holds fractional numbers: use \`bucketize\` first`);
      else if (t === 'vector') ctx.report('type-mismatch', x.value, `${show(x.value)} is already a one-hot vector`);
      return;
    }
    if (spec.numeric && (t === 'string' || t === 'vector'))
      ctx.report(
        'type-mismatch',
        x.value,
        `\`${spec.name}\` needs numbers, but ${show(x.value)} is ${what(t)}${t === 'string' ? ': encode it with `one_hot` or `hash_bucket`' : ''}`,
      );
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
        ctx.report('type-mismatch', id, `feature \`${id.name}\` is text, which a model cannot read: encode it with \`one_hot\` or \`hash_bucket\``);
    }
  },
};
