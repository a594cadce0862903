/**
 * A logged request row (or its values in its layout's order) as JSON that reads back as sent:
 * JSON.stringify writes -0 as 0, so a request's -0 was logged as 0, and `mlpipe parity`
 * replayed 0 where serving had read -0 (`log1p(-0)` is -0): a mismatch, "serving 0, batch 0",
 * made by the log alone. -0 is rare, so the row is searched for one first and JSON.stringify
 * writes every other row as before. Rows are flat: their values are text, numbers, booleans, null.
 */
export function rowJson(row: Readonly<Record<string, unknown>> | readonly unknown[]): string {
  const values = Array.isArray(row) ? row : Object.values(row);
  let negativeZero = false;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0 && Object.is(values[i], -0)) {
      negativeZero = true;
      break;
    }
  }
  if (!negativeZero) return JSON.stringify(row);
  if (Array.isArray(row)) return `[${row.map((v) => (v === undefined ? 'null' : jsonKeepingSign(v))).join(',')}]`;
  const fields: string[] = [];
  for (const [k, v] of Object.entries(row)) if (v !== undefined) fields.push(`${JSON.stringify(k)}:${jsonKeepingSign(v)}`);
  return `{${fields.join(',')}}`;
}

/** A value as JSON, but -0 as `-0`: JSON.stringify writes it `0`. */
export function jsonKeepingSign(v: unknown): string {
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}
