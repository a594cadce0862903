import { argValue } from './args.js';
import type { CallExpr, Expr } from './ast.js';

/** Calls every call in an expression, outermost first (arguments included). */
export function forEachCall(e: Expr, visit: (call: CallExpr) => void): void {
  switch (e.kind) {
    case 'Call':
      visit(e);
      for (const a of e.args) forEachCall(argValue(a), visit);
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
 * Whether some node of an expression, the expression itself included, passes `test`. Descends
 * through calls' arguments, operators, parentheses and lists: the one walk the yes-or-no
 * questions about an expression share.
 */
export function someNode(e: Expr, test: (node: Expr) => boolean): boolean {
  if (test(e)) return true;
  switch (e.kind) {
    case 'Call':
      return e.args.some((a) => someNode(argValue(a), test));
    case 'Binary':
      return someNode(e.left, test) || someNode(e.right, test);
    case 'Unary':
      return someNode(e.operand, test);
    case 'Paren':
      return someNode(e.expr, test);
    case 'List':
      return e.items.some((item) => someNode(item, test));
    default:
      return false;
  }
}

const isUnread = (e: Expr): boolean => e.kind === 'ErrorExpr';

/**
 * Whether part of an expression could not be read (a syntax error left an `ErrorExpr` in it):
 * what it names is then not known, so rules that judge what is missing from it stay quiet.
 */
export function hasUnreadPart(e: Expr): boolean {
  return someNode(e, isUnread);
}
