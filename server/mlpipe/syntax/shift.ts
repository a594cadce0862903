import type { Entry, Expr, Ident } from './ast.js';

/**
 * Moves every offset of a statement by `d`, in place: the statements after an edit, which the
 * incremental re-parse hands on to the new tree. Moving in place (not copying) is what lets
 * every cache keyed by a node's identity (a feature's reads, its closure, its text id, a
 * call's bound arguments) stay valid across keystrokes: a moved statement's text is unchanged,
 * so only its offsets are stale, and they are fixed here. The tree it came from is consumed by
 * that (see `reparse`), so nothing reads the old offsets afterwards.
 */
export function moveEntry(e: Entry, d: number): void {
  e.start += d;
  e.end += d;
  switch (e.kind) {
    case 'Attribute':
      moveIdent(e.name, d);
      moveExpr(e.value, d);
      return;
    case 'Require':
      moveIdent(e.keyword, d);
      moveIdent(e.metric, d);
      moveExpr(e.value, d);
      return;
    case 'Drift':
      moveIdent(e.keyword, d);
      moveIdent(e.target, d);
      moveIdent(e.stat, d);
      moveExpr(e.value, d);
      return;
    case 'Feature':
      if (e.keyword) moveIdent(e.keyword, d);
      moveIdent(e.name, d);
      moveExpr(e.value, d);
      return;
    case 'Block':
      moveIdent(e.type, d);
      if (e.name) moveIdent(e.name, d);
      e.open += d;
      if (e.close !== undefined) e.close += d;
      for (const x of e.entries) moveEntry(x, d);
      return;
  }
}

function moveIdent(n: Ident, d: number): void {
  n.start += d;
  n.end += d;
}

function moveExpr(e: Expr, d: number): void {
  e.start += d;
  e.end += d;
  switch (e.kind) {
    case 'Reference':
      // Parts not yet made as Idents (a `string`) are placed from `start` when made: nothing to move.
      if (typeof e.parts === 'object') for (const p of e.parts) moveIdent(p, d);
      if (e.ident) moveIdent(e.ident, d);
      if (e.at) {
        e.at.start += d;
        e.at.end += d;
      }
      return;
    case 'List':
      for (const x of e.items) moveExpr(x, d);
      return;
    case 'Call':
      moveIdent(e.callee, d);
      for (const a of e.args) {
        if (a.kind !== 'Arg') {
          moveExpr(a, d);
          continue;
        }
        a.start += d;
        a.end += d;
        moveIdent(a.name, d);
        moveExpr(a.value, d);
      }
      return;
    case 'Binary':
      moveExpr(e.left, d);
      moveExpr(e.right, d);
      return;
    case 'Unary':
      moveExpr(e.operand, d);
      return;
    case 'Paren':
      moveExpr(e.expr, d);
      return;
    default:
      return;
  }
}
