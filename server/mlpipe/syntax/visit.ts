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

/**
 * Whether part of an expression could not be read (a syntax error left an `ErrorExpr` in it):
 * what it names is then not known, so rules that judge what is missing from it stay quiet.
 */
export function hasUnreadPart(e: Expr): boolean {
  switch (e.kind) {
    case 'ErrorExpr':
      return true;
    case 'Call':
      return e.args.some((a) => hasUnreadPart(a.value));
    case 'Binary':
      return hasUnreadPart(e.left) || hasUnreadPart(e.right);
    case 'Unary':
      return hasUnreadPart(e.operand);
    case 'Paren':
      return hasUnreadPart(e.expr);
    case 'List':
      return e.items.some(hasUnreadPart);
    default:
      return false;
  }
}
