import type { Expr } from '../../syntax/ast.js';
import type { Rule } from '../rule.js';

/**
 * A column with missing values read without `fill_missing` makes training drop or mangle those
 * rows and serving reject the request. A `fill_missing` anywhere between the column and the
 * feature's root covers it.
 */
export const implicitMissing: Rule = {
  name: 'skew/implicit-missing',
  phase: 2,
  feature(decl, ctx, inServe) {
    if (inServe) return;
    const { binding } = ctx;
    const reported = new Set<string>();
    const visit = (e: Expr, covered: boolean): void => {
      switch (e.kind) {
        case 'Call':
          for (const [i, a] of e.args.entries()) {
            const n = a.name?.name;
            if (n === 'fit' || n === 'vocabulary' || n === 'edges' || n === 'as_of') continue;
            // fill_missing covers its first argument, not its default value.
            visit(a.value, covered || (e.callee.name === 'fill_missing' && i === 0 && !a.name));
          }
          return;
        case 'Binary':
          visit(e.left, covered);
          visit(e.right, covered);
          return;
        case 'Unary':
          visit(e.operand, covered);
          return;
        case 'Paren':
          visit(e.expr, covered);
          return;
        case 'Reference': {
          if (covered) return;
          let table;
          let column: string;
          if (e.parts.length === 1) {
            if (binding.features.has(e.parts[0].name)) return;
            table = binding.primary;
            column = e.parts[0].name;
          } else if (e.parts.length === 2) {
            table = binding.tables.get(e.parts[0].name);
            column = e.parts[1].name;
          } else return;
          if (!table) return;
          const info = ctx.column(table, column);
          const data = ctx.readData(table);
          if (!info || info.missing === 0 || reported.has(table.name + '.' + column)) return;
          reported.add(table.name + '.' + column);
          const share = data?.rowsRead ? ` (${((100 * info.missing) / data.rowsRead).toFixed(1)}% of rows)` : '';
          ctx.report(
            'skew/implicit-missing',
            e,
            `\`${table.name}.${column}\` has ${info.missing} missing values${share}: wrap it in \`fill_missing(…, value)\` so training and serving fill them the same way`,
            { fix: 'fill-missing' },
          );
          return;
        }
        default:
          return;
      }
    };
    visit(decl.value, false);
  },
};
