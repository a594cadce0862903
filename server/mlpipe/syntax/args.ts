import type { CallArg, Expr, Ident } from './ast.js';

/** A call argument's expression: a named argument's value, or the positional argument itself. */
export function argValue(a: CallArg): Expr {
  return a.kind === 'Arg' ? a.value : a;
}

/** A call argument's name, undefined for a positional one. */
export function argName(a: CallArg): Ident | undefined {
  return a.kind === 'Arg' ? a.name : undefined;
}
