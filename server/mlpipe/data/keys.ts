import type { Column, ColumnType } from './table.js';
import { INTEGER_TEXT, isMissing, NOT_A_NUMBER, numberKind, parseNumber } from './values.js';

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

/**
 * The key a history join compares, of one cell alone: a number as JavaScript prints it, a text
 * that is a number (`NUMBER_PATTERN`) as that number's text, other text as it is; null for
 * missing. It does not depend on the column's type, so `00434` in an integer column (loaded as
 * 434) and `00434` in a text column (kept as written, because another cell is `X1`) are both the
 * key `434`, and a served request keys `434` and `"00434"` alike. Integers beyond 2^53 that
 * would become one double keep their digits (leading zeros dropped), so text IDs never merge.
 * The feature engine's history index (training, scoring, serving) keys both sides through this.
 */
export function joinKey(v: number | string | null): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return v === v ? String(v) : null;
  const kind = numberKind(v);
  if (kind === NOT_A_NUMBER) return isMissing(v) ? null : v;
  const n = Number(v);
  if (kind === INTEGER_TEXT && !Number.isSafeInteger(n)) return BigInt(v).toString();
  return String(n);
}

/** The key of a raw cell read as a column of `type` (the column's type in the whole file). */
export function cellKey(raw: string | null, type: ColumnType | undefined): string | null {
  if (raw === null || isMissing(raw)) return null;
  if (type === 'string' || type === undefined) return raw;
  const n = parseNumber(raw);
  if (n === undefined) return raw;
  // The cell's own text when it already is the key (most cells): a sample's keyed columns then
  // share the cells' strings instead of holding a second string per cell.
  const key = keyText(n);
  return key === raw ? raw : key;
}

/**
 * Integer cells too long for a double (beyond 2^53, as 19-digit snowflake or hashed 64-bit IDs
 * are) become numbers that two distinct IDs can share. Fed the integer texts of a column, it
 * keeps the first such pair: as a `key` or `by` column, those two entities would join or group
 * as one. Only texts of 16 digits or more are looked at, so ordinary columns cost nothing.
 */
export class IntegerCollisions {
  private seen: Map<number, string> | null = null;
  first: readonly [string, string] | undefined;

  add(text: string, value: number): void {
    if (this.first !== undefined || text.length < 16 || Number.isSafeInteger(value)) return;
    const exact = BigInt(text).toString();
    const seen = (this.seen ??= new Map());
    const before = seen.get(value);
    if (before === undefined) seen.set(value, exact);
    else if (before !== exact) this.first = [before, exact];
  }
}

/** Why a loaded column cannot key a join or a grouped split (`IntegerCollisions`), or undefined. */
export function keyColumnProblem(column: Column | undefined): string | undefined {
  return column?.type !== 'string' && column?.collision ? integerCollisionMessage(column.name, column.collision) : undefined;
}

/** The words the checker and the engine refuse such a column with. */
export function integerCollisionMessage(column: string, pair: readonly [string, string]): string {
  return `'${column}' holds integers too long to tell apart as numbers ('${pair[0]}' and '${pair[1]}' are the same double): rows of different entities would join as one; write the IDs as text in the data (a letter in front, 'u${pair[0]}')`;
}
