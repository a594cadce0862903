import { isoFieldProblem, parseIsoTime, timeShapeProblem } from './isoTime.js';
import type { ColumnType } from './table.js';

/**
 * The one implementation of what a cell's text means: missing or not, number or not,
 * integer or not, and which instant a time cell names. The checker, the loader and the
 * feature engine all read cells through these functions.
 */

/** Empty, `NA`, `NaN` or `null` in any letter case. Surrounding spaces are not trimmed. */
export function isMissing(s: string | null | undefined): boolean {
  if (s === null || s === undefined) return true;
  const n = s.length;
  if (n === 0) return true;
  if (n > 4 || n < 2) return false;
  const lower = s.toLowerCase();
  return lower === 'na' || lower === 'nan' || lower === 'null';
}

/**
 * Decimal and exponent forms only: `12`, `-3.5`, `.5`, `5.`, `1e-3`. No sign but `-` in front,
 * no spaces, no hex, no `Infinity`, no thousands separators.
 */
export const NUMBER_PATTERN = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * An infinity as the tools write one: `inf`/`-inf` (pandas, Polars, NumPy, DuckDB), `Infinity`
 * (JavaScript, Java). Not a number by `NUMBER_PATTERN` (no feature can use an infinity), so its
 * column is text; messages that name such a cell say it is an infinity and how to drop it.
 */
export const INFINITY_PATTERN = /^[+-]?(?:inf|infinity)$/i;

/**
 * A number formatted for people, as a spreadsheet or a locale writes it: thousands separators
 * (`1,234.5`, `1.234,5`, `1 234,5`, `1'234.50`), a decimal comma (`3,5`), a currency sign
 * (`$1,200`, `5 €`), a percent sign (`12.5%`) or a plus sign (`+3.2`, as a change is shown).
 * Not a number by `numberKind` (the spec names
 * thousands separators: `1,234` is 1234 in one locale and 1.234 in another), so its column is
 * text; only messages ask this, to say that the column holds numbers and how to write them.
 * Returns the plain number the cell most likely means (`1234.5`), or undefined for any other
 * text (plain numbers included).
 */
export function formattedNumber(s: string): string | undefined {
  if (s.length > 40 || numberKind(s) !== NOT_A_NUMBER) return undefined;
  const m = FORMATTED_PATTERN.exec(s);
  if (!m) return undefined;
  const [, sign1, currency, sign2, grouped, group, plainInt, decimal, fraction, suffix] = m;
  if (sign1 && sign2) return undefined;
  // A comma or point after groups of the other separator is the decimal mark (`1.234,5`).
  if (grouped !== undefined && decimal !== undefined && decimal === group) return undefined;
  const sign = sign1 || sign2 || '';
  // Without a group, a decimal comma, a currency, percent or '+' sign, nothing here is formatting.
  if (grouped === undefined && decimal !== ',' && !currency && !suffix && sign !== '+') return undefined;
  const whole = grouped !== undefined ? grouped.replaceAll(group!, '') : plainInt!;
  return `${sign === '-' ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A text that is no number but that a person reads as one, with the plain number to write and
 * why it is not one: formatted for people (`formattedNumber`), or padded with spaces (` 12`, as
 * a CSV written with ', ' between its fields has in every field after the first: pandas reads
 * it as 12, the spec's rule does not trim). Undefined for any other text. Only messages ask.
 */
export function numberLike(s: string): { plain: string; why: string } | undefined {
  // Most text is words: a first character in ASCII that is no digit, sign, '$', space or control
  // character starts no number (the strays of every text cell of a sample come here).
  const c = s.charCodeAt(0);
  if (c > 32 && c < 128 && !(c >= 48 && c <= 57) && c !== 43 && c !== 45 && c !== 36) return undefined;
  const formatted = formattedNumber(s);
  if (formatted !== undefined) return { plain: formatted, why: FORMATTED_WHY };
  const t = s.trim();
  if (t === s || t.length === 0) return undefined;
  const plain = numberKind(t) !== NOT_A_NUMBER ? t : formattedNumber(t);
  return plain === undefined ? undefined : { plain, why: PADDED_WHY };
}

/**
 * Why a text that is no number (a scored file's cell, a request's field) is not one, to follow
 * the text in a message (`, a value beyond the range of a double …`), or '' for other text: a
 * literal beyond the doubles' range, an infinity as the tools write one, or a number a person
 * reads (`numberLike`, whose plain number is shown between `quote`s). Only on error paths.
 */
export function notANumberWhy(s: string, quote = ''): string {
  if (beyondDouble(s)) return ', a value beyond the range of a double (about ±1.8e308)';
  if (INFINITY_PATTERN.test(s)) return ', an infinity, which no feature can use: write it as a missing value (empty, NA or null)';
  const like = numberLike(s);
  return like ? `, ${like.why}: write it as ${quote}${like.plain}${quote}` : '';
}

const FORMATTED_WHY = 'a number formatted for people (a thousands separator, a decimal comma, a currency, percent or plus sign)';
const PADDED_WHY = "a number with spaces around it (a CSV written with ', ' between fields has them)";

/** Sign, currency, sign, then grouped digits (group separator captured) or plain digits, a decimal part, a percent or trailing currency sign. */
const FORMATTED_PATTERN =
  /^([+-]?)([$€£¥₹]?)([+-]?)(?:([0-9]{1,3}(?:([,. \u00a0\u202f'’])[0-9]{3})(?:\5[0-9]{3})*)|([0-9]+))(?:([.,])([0-9]+))?(%|\s?[€$£])?$/u;

/**
 * A spreadsheet's error value (`#N/A`, `#DIV/0!`, `#VALUE!`, …), which Excel, LibreOffice and
 * Google Sheets export as the cell's text when a formula failed. Not missing by the spec's rule,
 * so in a text target it is a class of its own; no label is written so.
 */
export const SPREADSHEET_ERROR = /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|ERROR!)$/i;

/** The spec's integer rule. */
export const INTEGER_PATTERN = /^-?[0-9]+$/;

/** `numberKind` results. */
export const NOT_A_NUMBER = 0;
export const INTEGER_TEXT = 1;
export const DECIMAL_TEXT = 2;

/**
 * Classifies a cell in one scan: not a number, an integer (`INTEGER_PATTERN`) or another number
 * (`NUMBER_PATTERN`). Same answers as the two patterns (a test checks it on random strings), but
 * several times faster: the loader calls this for every numeric cell. A text beyond the doubles'
 * range (`1e400`, 309 digits or more) names no number, as a literal in the file does not: it is
 * not a number, so its column is text and a numeric feature of it is refused by name, instead of
 * reading an infinity as a valid value. The checker's typing and the loader's both come here.
 */
export function numberKind(s: string): 0 | 1 | 2 {
  const n = s.length;
  let i = 0;
  if (n > 0 && s.charCodeAt(0) === 45 /* - */) i = 1;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (i === n) return intDigits === 0 ? NOT_A_NUMBER : intDigits < MAX_FINITE_DIGITS || finite(s) ? INTEGER_TEXT : NOT_A_NUMBER;
  let fracDigits = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracDigits = i - fracStart;
  }
  if (intDigits === 0 && fracDigits === 0) return NOT_A_NUMBER;
  if (i === n) return intDigits < MAX_FINITE_DIGITS || finite(s) ? DECIMAL_TEXT : NOT_A_NUMBER;
  const e = s.charCodeAt(i);
  if (e !== 101 /* e */ && e !== 69 /* E */) return NOT_A_NUMBER;
  i++;
  if (i < n && (s.charCodeAt(i) === 43 /* + */ || s.charCodeAt(i) === 45)) i++;
  const expStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  return i === n && i > expStart && finite(s) ? DECIMAL_TEXT : NOT_A_NUMBER;
}

/** Fewer integer digits than this (and no exponent) always give a finite double (the largest is 1.8e308). */
const MAX_FINITE_DIGITS = 309;

function finite(s: string): boolean {
  return Number.isFinite(Number(s));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number a cell holds, or undefined when the text is not a number (missing included). */
/**
 * A number written in the data layer's syntax whose value is beyond a double (`1e400`): not a
 * number by `numberKind`, as no double holds it, but a message can say why (only asked on an error path).
 */
export function beyondDouble(s: string): boolean {
  return /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) && !Number.isFinite(Number(s));
}

export function parseNumber(s: string): number | undefined {
  return numberKind(s) === NOT_A_NUMBER ? undefined : Number(s);
}

export function isIntegerText(s: string): boolean {
  return numberKind(s) === INTEGER_TEXT;
}

/**
 * Tracks a column's type as values arrive, so streaming readers and whole-array callers share
 * one rule: integer while every non-missing value is an integer, number while every one is a
 * number, else string. `type` is undefined while no non-missing value has been seen.
 */
export class TypeTracker {
  private state: 0 | 1 | 2 | 3 = 0; // none, integer, number, string

  /** Feeds one cell; returns false once the column has become string. */
  add(s: string | null): boolean {
    if (this.state === 3 || s === null || isMissing(s)) return this.state !== 3;
    const kind = numberKind(s);
    if (kind === INTEGER_TEXT) {
      if (this.state === 0) this.state = 1;
      return true;
    }
    if (kind === DECIMAL_TEXT) {
      this.state = 2;
      return true;
    }
    this.state = 3;
    return false;
  }

  get type(): ColumnType | undefined {
    return TYPES[this.state];
  }
}

const TYPES: ReadonlyArray<ColumnType | undefined> = [undefined, 'integer', 'number', 'string'];

/** Type of a column from its cells (null or missing text ignored); undefined when all are missing. */
export function inferType(values: Iterable<string | null>): ColumnType | undefined {
  const t = new TypeTracker();
  for (const v of values) if (!t.add(v)) break;
  return t.type;
}

/** Seconds this large are after the year 5138, milliseconds this small before 1973-03-03. */
export const EPOCH_MS_FROM = 1e11;
/** Milliseconds this large are after the year 5138, microseconds this small before 1973-03-03. */
export const EPOCH_US_FROM = 1e14;
/** Microseconds this large are after the year 5138, nanoseconds this small before 1973-03-03. */
export const EPOCH_NS_FROM = 1e17;

/**
 * A number read as a time, in epoch seconds: epoch seconds as they are, or epoch milliseconds
 * (what JavaScript, Java and Kafka write) when its magnitude is at least `EPOCH_MS_FROM`,
 * microseconds (BigQuery, Parquet INT64 without a TIMESTAMP annotation) from `EPOCH_US_FROM`,
 * nanoseconds (pandas' `datetime64[ns]` as int64, Go's UnixNano) from `EPOCH_NS_FROM`: each unit
 * where the one before would name a year after 5138, so the ranges never overlap. Read in the
 * unit below, a column would make every window a thousand times too short, silently (and a
 * microsecond column read as milliseconds still joined events within minutes of each other,
 * with a clean check). Per value, so a request's lone time field reads as its training column did.
 */
export function epochSeconds(x: number): number {
  const m = Math.abs(x);
  if (m < EPOCH_MS_FROM) return x;
  if (m < EPOCH_US_FROM) return x / 1e3;
  return m < EPOCH_NS_FROM ? x / 1e6 : x / 1e9;
}

/**
 * Epoch seconds named by a time cell, or undefined when the text is no time. Numbers are epoch
 * seconds, or milli-, micro- or nanoseconds by `epochSeconds`; ISO 8601 dates are midnight UTC; date-times
 * without a zone are UTC. Calendar fields are range-checked (no 2025-02-30, no hour 24): see
 * `isoTime.ts`.
 */
export function tryParseTime(s: string): number | undefined {
  // No text is both (a number has no '-' but in front and after its 'e'): dates, the common case, first.
  const iso = parseIsoTime(s);
  if (iso !== undefined) return iso;
  const n = parseNumber(s);
  return n === undefined ? undefined : epochSeconds(n);
}

/**
 * Like `tryParseTime`, but a missing cell is NaN and any other non-time text throws an error
 * that quotes the value (callers add file and row).
 */
export function parseTime(s: string | null): number {
  if (s === null || isMissing(s)) return NaN;
  const t = tryParseTime(s);
  if (t === undefined) {
    const field = isoFieldProblem(s) ?? timeShapeProblem(s);
    throw new TypeError(
      `'${s}' is not a time: ${field ?? 'expected epoch seconds or milliseconds, an ISO 8601 date (2025-03-01) or date-time (2025-03-01T12:00:00Z)'}`,
    );
  }
  return t;
}
