/**
 * How the engine reads a time value (`as_of` columns and history `time` columns) as epoch
 * seconds. Injected so that the data layer's one time parser is used everywhere; it returns
 * NaN for a missing value and throws (with a message naming the value) for one it cannot read.
 */
export type TimeParser = (value: string | number) => number;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Fallback used when the caller injects none: numbers are epoch seconds; ISO 8601 dates and
 * date-times (no zone = UTC) are parsed.
 */
export const basicParseTime: TimeParser = (value) => {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const m = ISO.exec(text);
  if (m) {
    const zone = m[8] === undefined ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  throw new Error(`'${value}' is not a time (expected an ISO 8601 date or date-time, or epoch seconds)`);
};
