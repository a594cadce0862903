import type { Expr } from './ast.js';

/**
 * The number an expression writes literally: `3`, `-3`, `(3)`, `-(3)`. One reading for the
 * checker, the runner and the feature engine, so none accepts a value another refuses.
 */
export function literalNumber(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  // A literal beyond the doubles' range (1e309) names no number anyone can use.
  if (e.kind === 'Number') return Number.isFinite(e.value) ? e.value : undefined;
  if (e.kind === 'Paren') return literalNumber(e.expr);
  if (e.kind === 'Unary') {
    const v = literalNumber(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** A literal number, string or boolean (`fill_missing` values, serving defaults). */
export function literalValue(e: Expr | undefined): number | string | boolean | undefined {
  if (!e) return undefined;
  if (e.kind === 'String' || e.kind === 'Bool') return e.value;
  return literalNumber(e);
}
