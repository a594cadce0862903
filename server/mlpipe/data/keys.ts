import type { ColumnType } from './table.js';
import { isMissing, parseNumber } from './values.js';

/**
 * The canonical text of a typed cell: numbers as JavaScript prints them (so '007' and '7.0'
 * are the key 7), text as it is, missing as null. Split groups, history joins, one-hot
 * vocabularies and hashing all key cells through this, in the checker and the engine alike.
 */
export function valueText(v: number | string): string {
  return typeof v === 'number' ? String(v) : v;
}

/** The key of a typed cell (a loaded column's value): null for missing (null or NaN). */
export function keyText(v: number | string | null): string | null {
  if (v === null || (typeof v === 'number' && v !== v)) return null;
  return valueText(v);
}

/** The key of a raw cell read as a column of `type` (the column's type in the whole file). */
export function cellKey(raw: string | null, type: ColumnType | undefined): string | null {
  if (raw === null || isMissing(raw)) return null;
  if (type === 'string' || type === undefined) return raw;
  const n = parseNumber(raw);
  return n === undefined ? raw : keyText(n);
}
