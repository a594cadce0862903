import type { Expr } from '../../syntax/ast.js';
import type { Rule } from '../rule.js';

function literal(e: Expr): string | number | boolean | undefined {
  if (e.kind === 'Number' || e.kind === 'String' || e.kind === 'Bool') return e.value;
  if (e.kind === 'Paren') return literal(e.expr);
  return undefined;
}

/**
 * A serving default must be the value training filled in. Each `fill_missing(column, value)`
 * in a feature is compared with `serve { defaults { column = … } }`.
 */
export const missingDefaultMismatch: Rule = {
  name: 'skew/missing-default-mismatch',
  phase: 2,
  attribute(attr, block, ctx) {
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const served = literal(attr.value);
    if (!p || served === undefined) return;
    const column = attr.name.name;
    for (const f of ctx.binding.features.values()) {
      const found: Array<string | number | boolean> = [];
      const visit = (e: Expr): void => {
        if (e.kind === 'Call') {
          if (e.callee.name === 'fill_missing' && e.args.length >= 2) {
            const x = e.args[0].value;
            const isCol =
              x.kind === 'Reference' &&
              ((x.parts.length === 1 && x.parts[0].name === column && !ctx.binding.features.has(column)) ||
                (x.parts.length === 2 && x.parts[0].name === p.name && x.parts[1].name === column));
            const v = literal(e.args[1].value);
            if (isCol && v !== undefined) found.push(v);
          }
          e.args.forEach((a) => visit(a.value));
        } else if (e.kind === 'Binary') {
          visit(e.left);
          visit(e.right);
        } else if (e.kind === 'Unary') visit(e.operand);
        else if (e.kind === 'Paren') visit(e.expr);
      };
      visit(f.decl.value);
      const differing = found.find((v) => v !== served);
      if (differing !== undefined) {
        ctx.report(
          'skew/missing-default-mismatch',
          attr.value,
          `serving fills a missing \`${column}\` with ${JSON.stringify(served)}, but feature \`${f.name}\` fills it with ${JSON.stringify(differing)} in training: use the same value, or drop this default`,
        );
        return;
      }
    }
  },
};
