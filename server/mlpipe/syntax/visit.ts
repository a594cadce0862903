import type { CallExpr, Expr } from './ast.js';

/** Calls every call in an expression, outermost first (arguments included). */
export function forEachCall(e: Expr, visit: (call: CallExpr) => void): void {
  switch (e.kind) {
    case 'Call':
      visit(e);
      for (const a of e.args) forEachCall(a.value, visit);
      return;
    case 'Binary':
      forEachCall(e.left, visit);
      forEachCall(e.right, visit);
      return;
    case 'Unary':
      forEachCall(e.operand, visit);
      return;
    case 'Paren':
      forEachCall(e.expr, visit);
      return;
    default:
      return;
  }
}
