import { bindArgs } from '../language/callArgs.js';
import type { Expr } from '../syntax/ast.js';

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
  if (e.parts.length === 1 && !features.has(e.parts[0].name)) return e.parts[0].name;
  if (e.parts.length === 2 && e.parts[0].name === primary) return e.parts[1].name;
  return undefined;
}
