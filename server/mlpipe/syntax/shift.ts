import type { Arg, Entry, Expr, Ident, Statement } from './ast.js';

/**
 * Copies of syntax nodes with every offset moved by `d`: the statements after an edit, reused
 * by the incremental re-parse. Trees are immutable and shared, so a moved node is a new node;
 * each is built as the parser builds it (same properties, same order), so the checker sees
 * nodes of one shape either way. A call's argument cache is dropped: it points at the old nodes.
 */
export function shiftStatement(s: Statement, d: number): Statement {
  const moved = shiftEntry(s, d) as Statement;
  origins.set(moved, origins.get(s) ?? s);
  return moved;
}

/**
 * Each moved statement's first parsed version. A statement is only ever moved when its text is
 * unchanged, so it and its origin have the same text: caches of what a statement's text gives
 * (not of its offsets) are kept on the origin and survive every move.
 */
const origins = new WeakMap<Statement, Statement>();

/** The statement as first parsed (itself, when it was never moved). */
export function originOf(s: Statement): Statement {
  return origins.get(s) ?? s;
}

function ident(n: Ident, d: number): Ident {
  return { kind: 'Ident', name: n.name, start: n.start + d, end: n.end + d };
}
function maybeIdent(n: Ident | undefined, d: number): Ident | undefined {
  return n === undefined ? undefined : ident(n, d);
}

function shiftEntry(e: Entry, d: number): Entry {
  switch (e.kind) {
    case 'Attribute':
      return { kind: 'Attribute', name: ident(e.name, d), value: shiftExpr(e.value, d), start: e.start + d, end: e.end + d };
    case 'Require':
      return { kind: 'Require', keyword: ident(e.keyword, d), metric: ident(e.metric, d), op: e.op, value: shiftExpr(e.value, d), start: e.start + d, end: e.end + d };
    case 'Drift':
      return {
        kind: 'Drift',
        keyword: ident(e.keyword, d),
        target: ident(e.target, d),
        stat: ident(e.stat, d),
        op: e.op,
        value: shiftExpr(e.value, d),
        start: e.start + d,
        end: e.end + d,
      };
    case 'Feature':
      return { kind: 'Feature', keyword: ident(e.keyword, d), name: ident(e.name, d), value: shiftExpr(e.value, d), start: e.start + d, end: e.end + d };
    case 'Block': {
      const entries: Entry[] = new Array(e.entries.length);
      for (let k = 0; k < entries.length; k++) entries[k] = shiftEntry(e.entries[k], d);
      return {
        kind: 'Block',
        type: ident(e.type, d),
        name: maybeIdent(e.name, d),
        open: e.open + d,
        close: e.close === undefined ? undefined : e.close + d,
        entries,
        start: e.start + d,
        end: e.end + d,
      };
    }
  }
}

function shiftArg(a: Arg, d: number): Arg {
  return { kind: 'Arg', name: maybeIdent(a.name, d), value: shiftExpr(a.value, d), start: a.start + d, end: a.end + d };
}

export function shiftExpr(e: Expr, d: number): Expr {
  const start = e.start + d;
  const end = e.end + d;
  switch (e.kind) {
    case 'Number':
      return { kind: 'Number', value: e.value, text: e.text, start, end };
    case 'Duration':
      return { kind: 'Duration', seconds: e.seconds, unit: e.unit, text: e.text, start, end };
    case 'String':
      return { kind: 'String', value: e.value, start, end };
    case 'Bool':
      return { kind: 'Bool', value: e.value, start, end };
    case 'Reference': {
      const parts: Ident[] = new Array(e.parts.length);
      for (let k = 0; k < parts.length; k++) parts[k] = ident(e.parts[k], d);
      const at = e.at === undefined ? undefined : { text: e.at.text, start: e.at.start + d, end: e.at.end + d, isNumber: e.at.isNumber };
      return { kind: 'Reference', parts, at, start, end };
    }
    case 'List': {
      const items: Expr[] = new Array(e.items.length);
      for (let k = 0; k < items.length; k++) items[k] = shiftExpr(e.items[k], d);
      return { kind: 'List', items, start, end };
    }
    case 'Call': {
      const args: Arg[] = new Array(e.args.length);
      for (let k = 0; k < args.length; k++) args[k] = shiftArg(e.args[k], d);
      return { kind: 'Call', callee: ident(e.callee, d), args, closed: e.closed, bound: undefined, start, end };
    }
    case 'Binary':
      return { kind: 'Binary', op: e.op, left: shiftExpr(e.left, d), right: shiftExpr(e.right, d), start, end };
    case 'Unary':
      return { kind: 'Unary', op: e.op, operand: shiftExpr(e.operand, d), start, end };
    case 'Paren':
      return { kind: 'Paren', expr: shiftExpr(e.expr, d), start, end };
    case 'ErrorExpr':
      return { kind: 'ErrorExpr', start, end };
  }
}
