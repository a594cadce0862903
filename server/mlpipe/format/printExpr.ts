import type { Expr } from '../syntax/ast.js';
import { refName } from '../syntax/reference.js';

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

export function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

/** Prints an expression in canonical form: one space around `=` and binary operators, `, ` between items. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Number':
    case 'Duration':
      return e.text;
    case 'String':
      return quote(e.value);
    case 'Bool':
      return String(e.value);
    case 'Reference':
      return refName(e) + (e.at ? '@' + e.at.text : '');
    case 'List':
      return '[' + e.items.map(printExpr).join(', ') + ']';
    case 'Call':
      return e.callee.name + '(' + e.args.map((a) => (a.kind === 'Arg' ? `${a.name.name} = ${printExpr(a.value)}` : printExpr(a))).join(', ') + ')';
    case 'Binary': {
      const p = PRECEDENCE[e.op];
      const left = e.left.kind === 'Binary' && PRECEDENCE[e.left.op] < p ? `(${printExpr(e.left)})` : printExpr(e.left);
      // Right operands of equal precedence keep their grouping: a - (b - c).
      const right = e.right.kind === 'Binary' && PRECEDENCE[e.right.op] <= p ? `(${printExpr(e.right)})` : printExpr(e.right);
      return `${left} ${e.op} ${right}`;
    }
    case 'Unary':
      return '-' + (e.operand.kind === 'Binary' ? `(${printExpr(e.operand)})` : printExpr(e.operand));
    case 'Paren':
      return '(' + printExpr(e.expr) + ')';
    case 'ErrorExpr':
      return '';
  }
}
