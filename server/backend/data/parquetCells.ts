import type { SchemaElement } from 'hyparquet';

/**
 * The text a CSV would hold for each Parquet cell, by its column's schema element, so that one
 * typing rule (`mlpipe/data/values.ts`) serves both formats: what pandas, Polars, DuckDB or
 * Spark writes to CSV for the same value is what the cell must read as. Pure: no I/O.
 *
 * Annotated columns (DECIMAL, DATE, TIME, TIMESTAMP) are decoded as their stored integers, the
 * annotation dropped (`plain` below, applied in parquet.ts), and written here from those integers: hyparquet's own
 * conversions go through a double or a JavaScript Date, which merged DECIMAL IDs beyond 2^53,
 * cut microsecond and nanosecond times to the millisecond (two orders 0.4 ms apart became one
 * time, and a window's `time < as_of` then read them otherwise than the CSV's text does), and
 * wrote a DATE as a midnight date-time (a category or key '2025-03-01T00:00:00.000Z' for the
 * CSV's '2025-03-01').
 */
export type CellText = (v: unknown) => string | null;

/**
 * How a column's cells are written; `plain`: decode it without its annotation (the writer reads
 * the stored integers).
 */
export function cellWriter(e: SchemaElement): { text: CellText; plain: boolean } {
  const lt = e.logical_type;
  if ((e.converted_type === 'DECIMAL' || lt?.type === 'DECIMAL') && (e.type === 'INT32' || e.type === 'INT64' || e.type === 'FIXED_LEN_BYTE_ARRAY')) {
    const scale = e.scale ?? (lt?.type === 'DECIMAL' ? lt.scale : 0);
    return { text: (v) => decimalText(v, scale), plain: true };
  }
  if (e.converted_type === 'DATE' || lt?.type === 'DATE') return { text: dateText, plain: true };
  const timestampUnit = lt?.type === 'TIMESTAMP' ? lt.unit : e.converted_type === 'TIMESTAMP_MILLIS' ? 'MILLIS' : e.converted_type === 'TIMESTAMP_MICROS' ? 'MICROS' : undefined;
  if (timestampUnit && e.type === 'INT64') {
    // A timestamp with isAdjustedToUTC is an instant, written with its zone as a CSV writer does
    // ('…+00', '…Z'); one without (pandas' and DuckDB's naive timestamps) is a wall-clock time,
    // written without one. Both read as UTC; the legacy annotation alone means an instant.
    const zoned = lt?.type === 'TIMESTAMP' ? lt.isAdjustedToUTC : true;
    const perSecond = UNITS[timestampUnit];
    return { text: (v) => instantText(v, perSecond, zoned), plain: true };
  }
  const timeUnit = lt?.type === 'TIME' ? lt.unit : e.converted_type === 'TIME_MILLIS' ? 'MILLIS' : e.converted_type === 'TIME_MICROS' ? 'MICROS' : undefined;
  if (timeUnit) return { text: (v) => timeOfDayText(v, UNITS[timeUnit]), plain: true };
  // Spark's legacy INT96 timestamps: hyparquet gives their nanoseconds (see `INT96_NANOS`), instants in UTC.
  if (e.type === 'INT96') return { text: (v) => instantText(v, UNITS.NANOS, true), plain: false };
  if (e.type === 'FLOAT') return { text: float32Text, plain: false };
  return { text: cellText, plain: false };
}

/** An unsigned 32-bit integer column (legacy UINT_32 or logical INTEGER(32, unsigned)). */
export function isUint32(e: SchemaElement): boolean {
  const lt = e.logical_type;
  return e.type === 'INT32' && (e.converted_type === 'UINT_32' || (lt?.type === 'INTEGER' && lt.bitWidth === 32 && !lt.isSigned));
}

/** A UINT32 cell decoded as a 64-bit integer (parquet.ts, `deltaOnly`): its value modulo 2^32. */
export function uint32Text(v: unknown): string | null {
  if (typeof v !== 'bigint' && typeof v !== 'number') return cellText(v);
  return String(BigInt.asUintN(32, BigInt(v)));
}

const UNITS = { MILLIS: 1_000n, MICROS: 1_000_000n, NANOS: 1_000_000_000n } as const;

/**
 * hyparquet's parser for INT96 values, which it converts whatever the schema says (there is no
 * annotation to drop): the epoch nanoseconds as a bigint, so `instantText` writes every digit
 * instead of a Date's milliseconds.
 */
export const INT96_NANOS = { timestampFromNanoseconds: (nanos: bigint): bigint => nanos };

/** The text a CSV would hold for a Parquet cell (numbers round-trip exactly through String). */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isNaN(v) ? null : String(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
  }
}

/**
 * A FLOAT (32-bit) cell as the shortest decimal that reads back as the same float, as pandas,
 * Polars and DuckDB write it to CSV: 0.1f is '0.1', where the double it widens to printed
 * '0.10000000149011612', a different number from the CSV's in training and in a request.
 */
export function float32Text(v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return cellText(v);
  for (let digits = 1; digits < 9; digits++) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** A DECIMAL's unscaled integer (INT32, INT64 or big-endian two's complement bytes) as the exact digits a CSV would hold: 12345 at scale 2 is '123.45', 500 is '5'. */
export function decimalText(v: unknown, scale: number): string | null {
  if (v === null || v === undefined) return null;
  let u: bigint;
  if (typeof v === 'bigint') u = v;
  else if (typeof v === 'number') u = BigInt(v);
  else if (v instanceof Uint8Array) {
    u = 0n;
    for (const b of v) u = (u << 8n) | BigInt(b);
    if (v.length > 0 && v[0]! >= 0x80) u -= 1n << BigInt(v.length * 8);
  } else return cellText(v);
  const negative = u < 0n;
  let digits = (negative ? -u : u).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const fraction = digits.slice(-scale).replace(/0+$/, '');
    digits = digits.slice(0, -scale) + (fraction ? `.${fraction}` : '');
  } else if (scale < 0) digits = u === 0n ? '0' : digits + '0'.repeat(-scale);
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** A DATE (days since 1970-01-01) as the CSV's 'YYYY-MM-DD'. */
export function dateText(v: unknown): string | null {
  if (typeof v !== 'number' && typeof v !== 'bigint') return cellText(v);
  return new Date(Number(v) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An instant counted in `perSecond` units from the epoch as 'YYYY-MM-DDThh:mm:ss', the fraction
 * with every digit the unit holds (trailing zeros dropped) and 'Z' when `zoned`. Floor division,
 * so a time before 1970 keeps its fraction ('1969-12-31T23:59:59.9995').
 */
export function instantText(v: unknown, perSecond: bigint, zoned: boolean): string | null {
  if (typeof v !== 'bigint' && typeof v !== 'number') return cellText(v);
  const units = BigInt(v);
  let seconds = units / perSecond;
  let rest = units - seconds * perSecond;
  if (rest < 0n) {
    seconds -= 1n;
    rest += perSecond;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return String(v);
  const fraction = rest === 0n ? '' : `.${rest.toString().padStart(perSecond.toString().length - 1, '0').replace(/0+$/, '')}`;
  return `${date.toISOString().slice(0, 19)}${fraction}${zoned ? 'Z' : ''}`;
}

/** A TIME (time of day in `perSecond` units since midnight) as the CSV's 'hh:mm:ss' with its fraction. */
export function timeOfDayText(v: unknown, perSecond: bigint): string | null {
  if (typeof v !== 'bigint' && typeof v !== 'number') return cellText(v);
  const text = instantText(v, perSecond, false);
  return text === null ? null : text.slice(11);
}
