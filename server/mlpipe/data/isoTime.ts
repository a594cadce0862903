/**
 * Epoch seconds of an ISO 8601 date or date-time cell, scanned by character code: no regular
 * expression, no Date object (the loader and the checker read every time cell of a history
 * file through this, and the regex-and-Date version was most of a check's cost on large files).
 *
 * Accepted, exactly as the regular expression
 *   YYYY-MM-DD([Tt ]hh:mm(:ss(.fraction)?)?([Zz]|±hh(:?mm)?)?)?
 * (`t` and `z` in lower case too, as RFC 3339 allows and some loggers write them)
 * with calendar fields range-checked (no 2025-02-30, no hour 24, no offset minute 60). A date
 * is midnight UTC; a date-time without a zone is UTC. Years are proleptic Gregorian (0000-9999).
 */
export function parseIsoTime(s: string): number | undefined {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offsetMinutes = 0;
  if (n > 10) {
    const sep = s.charCodeAt(10);
    if ((sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32) /* space */ || n < 16 || s.charCodeAt(13) !== 58 /* : */) return undefined;
    hour = digits(s, 11, 2);
    minute = digits(s, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
    let i = 16;
    if (i < n && s.charCodeAt(i) === 58) {
      second = digits(s, i + 1, 2);
      if (second < 0 || second > 59 || i + 3 > n) return undefined;
      i += 3;
      if (i < n && s.charCodeAt(i) === 46 /* . */) {
        let j = i + 1;
        while (j < n && isDigit(s.charCodeAt(j))) j++;
        if (j === i + 1) return undefined;
        fraction = Number(s.slice(i, j));
        i = j;
      }
    }
    if (i < n) {
      const z = s.charCodeAt(i);
      if (z === 90 /* Z */ || z === 122 /* z */) {
        if (i + 1 !== n) return undefined;
      } else if (z === 43 /* + */ || z === 45 /* - */) {
        const zh = digits(s, i + 1, 2);
        // An hour-only offset ('+00', '-08') is ISO 8601 too, and what PostgreSQL writes for timestamptz.
        const hourOnly = i + 3 === n;
        const colon = !hourOnly && s.charCodeAt(i + 3) === 58 ? 1 : 0;
        const zm = hourOnly ? 0 : digits(s, i + 3 + colon, 2);
        if (zh < 0 || zm < 0 || (!hourOnly && i + 5 + colon !== n)) return undefined;
        if (zh > 23 || zm > 59) return undefined;
        offsetMinutes = (z === 45 ? -1 : 1) * (zh * 60 + zm);
      } else return undefined;
    }
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  // The same operations, in the same order, as the earlier `ms / 1000 - offset * 60 + fraction`.
  return seconds - offsetMinutes * 60 + fraction;
}

/**
 * Whether a cell `parseIsoTime` reads is a date-time written with its zone (`Z`, `+01:00`, `-05`),
 * true, or without one (read as UTC), false; undefined for a date alone (midnight UTC by
 * definition, not a clock reading) and for any other text. Only for a text the parser accepted.
 */
export function isoZoned(s: string): boolean | undefined {
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(13) !== 58) return undefined;
  // After hh:mm come only seconds, a fraction and the zone: a sign or a Z there is the zone.
  for (let i = 16; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 90 /* Z */ || c === 122 /* z */ || c === 43 /* + */ || c === 45 /* - */) return true;
  }
  return false;
}

/** The UTC time a number read as epoch seconds names, as ISO text without a zero fraction (20250301: '1970-08-23T09:05:01Z'). */
export function epochSecondsText(text: string): string {
  return new Date(Number(text) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The ISO date ('2025-06-01') a whole number written as YYYYMMDD names (20250601), for years 1900
 * to 2199, or undefined for any other text. Such a number is read as epoch seconds (20250601 is
 * 1970-08-23), which no real epoch column holds: the checker warns (`skew/dates-as-numbers`).
 */
export function compactDate(s: string): string | undefined {
  if (s.length !== 8) return undefined;
  for (let i = 0; i < 8; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const year = +s.slice(0, 4);
  if (year < 1900 || year > 2199) return undefined;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
  return parseIsoTime(iso) === undefined ? undefined : iso;
}

/**
 * Which calendar field puts a text of the ISO shape `parseIsoTime` reads out of range
 * ('2025-02-30', hour 24), or undefined for any other text. Only for the error message, so the
 * slow path: beside '2025-02-30T00:00:00Z', "expected an ISO 8601 date-time" reads as wrong.
 */
export function isoFieldProblem(s: string): string | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?(?:[Zz]|[+-]([0-9]{2})(?::?([0-9]{2}))?)?)?$/.exec(s);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = m;
  if (+month < 1 || +month > 12) return `month ${month} is out of range (01 to 12)`;
  const days = daysInMonth(+year, +month);
  if (+day < 1 || +day > days) return `day ${day} is out of range (${year}-${month} has ${days} days)`;
  const over = (what: string, v: string | undefined, max: number) => (v !== undefined && +v > max ? `${what} ${v} is out of range (00 to ${max})` : undefined);
  return over('hour', hour, 23) ?? over('minute', minute, 59) ?? over('second', second, 59) ?? over('offset hour', offsetHour, 23) ?? over('offset minute', offsetMinute, 59);
}

/**
 * What keeps a time as other tools write it from the ISO 8601 shape `parseIsoTime` reads, with the
 * text to write instead where one follows, or undefined. Only for the error message (the slow
 * path): the general words ("expected … an ISO 8601 date-time") do not say which part of
 * `2025-03-01 14:05:00 UTC` (BigQuery's CSV export of a TIMESTAMP) is wrong.
 */
export function timeShapeProblem(s: string): string | undefined {
  // A CSV written with ', ' between its fields keeps a space before every field after the first:
  // the time itself is fine. Cells are not trimmed (as numbers are not), so say what to write.
  const trimmed = s.trim();
  if (trimmed !== s && (parseIsoTime(trimmed) !== undefined || /^-?[0-9]+(?:\.[0-9]+)?$/.test(trimmed)))
    return `it has spaces around it (a CSV written with ', ' between fields has them): write '${trimmed}'`;
  const named = /^([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?) ?(UTC|GMT|Z)$/i.exec(s);
  if (named && named[2]!.length > 1) return `the zone is written as a name ('${named[2]}'): write UTC as 'Z' ('${named[1]}Z'), or an offset such as '+00:00'`;
  const spaced = /^([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?) ([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)$/.exec(s);
  if (spaced) return `a space comes before the zone: write '${spaced[1]}${spaced[2]}'`;
  // ISO 8601 allows a comma before the fraction of a second; RFC 3339 (and this parser) a full stop only.
  const comma = /^([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}),([0-9]+)((?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)$/.exec(s);
  if (comma && parseIsoTime(`${comma[1]}.${comma[2]}${comma[3]}`) !== undefined) return `the fraction of a second follows a comma: write '${comma[1]}.${comma[2]}${comma[3]}'`;
  // An e-mail's or HTTP header's date (RFC 2822 / RFC 9110): the month by name, the zone as GMT or an offset.
  const mailed = /^(?:[A-Z][a-z]{2}, )?([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4}) ([0-9]{2}:[0-9]{2}(?::[0-9]{2})?) (GMT|UTC|Z|[+-][0-9]{4})$/.exec(s);
  const month = mailed ? MONTHS.indexOf(mailed[2]!) + 1 : 0;
  if (mailed && month > 0) {
    const zone = /^[+-]/.test(mailed[5]!) ? `${mailed[5]!.slice(0, 3)}:${mailed[5]!.slice(3)}` : 'Z';
    const iso = `${mailed[3]}-${String(month).padStart(2, '0')}-${mailed[1]!.padStart(2, '0')}T${mailed[4]}${zone}`;
    if (parseIsoTime(iso) !== undefined) return `a date with the month's name (an e-mail's or HTTP header's) is not read: write ISO 8601 ('${iso}')`;
  }
  const unpadded = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})((?:[Tt ].*)?)$/.exec(s);
  if (unpadded && (unpadded[2]!.length === 1 || unpadded[3]!.length === 1))
    return `month and day take two digits: write '${unpadded[1]}-${unpadded[2]!.padStart(2, '0')}-${unpadded[3]!.padStart(2, '0')}${unpadded[4]}'`;
  const ymd = /^([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})$/.exec(s);
  if (ymd) return `a date is written with '-' between year, month and day: write '${ymd[1]}-${ymd[2]!.padStart(2, '0')}-${ymd[3]!.padStart(2, '0')}'`;
  if (/^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}(?:[ T,].*)?$/.test(s))
    return 'a date with the year last (a spreadsheet\'s or a locale\'s: 3/1/2025 is March 1st in the US and January 3rd in most other places) is never guessed: write dates as ISO 8601, year first (2025-03-01)';
  return undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The number written by `count` decimal digits at `at`, or -1 when one is not a digit (or is past the end). */
function digits(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1;
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
