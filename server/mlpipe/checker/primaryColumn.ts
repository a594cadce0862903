import { bindArgs } from '../language/callArgs.js';
import type { Expr } from '../syntax/ast.js';
import { refPart, refPartCount } from '../syntax/reference.js';

/**
 * The primary-table column an expression reads directly (`x` or `customers.x`, not a feature, in
 * parentheses or not); with `throughFills`, also through transforms that only cover missing
 * values (`fill_missing(x, 'none')`), as a vocabulary is learned of the column beneath them.
 * Undefined for anything computed.
 */
export function primaryColumnRead(e: Expr, primary: string, features: ReadonlyMap<string, unknown>, throughFills = false): string | undefined {
  if (e.kind === 'Paren') return primaryColumnRead(e.expr, primary, features, throughFills);
  if (e.kind === 'Call') {
    if (!throughFills) return undefined;
    const bound = bindArgs(e);
    const x = bound?.spec.coversMissing ? bound.values.get('x') : undefined;
    return x ? primaryColumnRead(x, primary, features, throughFills) : undefined;
  }
  if (e.kind !== 'Reference' || e.at) return undefined;
  if (refPartCount(e) === 1 && !features.has(refPart(e, 0))) return refPart(e, 0);
  if (refPartCount(e) === 2 && refPart(e, 0) === primary) return refPart(e, 1);
  return undefined;
}
